//! Arbitrary bytes through decode then parse: no panic, and every record's text is its
//! source slice. Run: `cargo +nightly fuzz run decode_parse` (see docs/PERFORMANCE.md).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(d) = gwr::decode::decode(data, None, false) else {
        return;
    };
    let info = gwr::parse::SourceInfo {
        report_id: "fuzz".into(),
        bytes: data.len() as u64,
        ..Default::default()
    };
    let r = gwr::parse::parse(&d.text, &info);
    let src = d.text.as_str();
    let check = |span: &gwr::model::Span, text: &str| {
        assert_eq!(
            src.get(span.byte_start..span.byte_end),
            Some(text),
            "record text is not its source slice"
        );
    };
    check(&r.report.span, &r.report.text);
    r.sections.iter().for_each(|x| check(&x.span, &x.text));
    r.tasks.iter().for_each(|x| check(&x.span, &x.text));
    r.targets
        .iter()
        .chain(&r.achievements)
        .for_each(|x| check(&x.span, &x.text));
    r.projects.iter().for_each(|x| check(&x.span, &x.text));
    r.diagnostics.iter().for_each(|x| check(&x.span, &x.text));
    r.paragraphs.iter().for_each(|x| check(&x.span, &x.text));
});
