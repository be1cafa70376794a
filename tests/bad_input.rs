//! Hard inputs: each becomes a report row with the right status and diagnostic, the run
//! goes on (exit 0), and only `--strict` turns findings into exit 1.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

use common::*;
use serde_json::Value;

/// `gwr parse` over `args`: one parsed object per report, in order.
fn parse(args: &[&str]) -> (Option<i32>, Vec<Value>) {
    let mut a = vec!["parse", "--ndjson"];
    a.extend_from_slice(args);
    let out = run(&a);
    let v = stdout_str(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    (out.status.code(), v)
}

fn codes(r: &Value) -> Vec<String> {
    r["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

fn n_targets(r: &Value) -> usize {
    r["targets"].as_array().unwrap().len()
}

fn seed_targets() -> usize {
    let (_, v) = parse(&[s(&seed())]);
    let n = n_targets(&v[0]);
    assert!(n >= 10, "the seed has {n} targets");
    n
}

/// The national 2024 report (clean: status ok) from the JSONL corpus.
fn national_2024() -> String {
    std::fs::read_to_string(corpus().join("national_reports.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .find(|v| v["year"].as_str() == Some("2024"))
        .and_then(|v| v["content"].as_str().map(str::to_string))
        .unwrap()
}

struct Case {
    file: &'static str,
    reports: usize,
}

/// Writes the hard inputs into `dir`; returns what each should give.
fn write_cases(dir: &Path) -> Vec<Case> {
    let seed = seed_text();
    let w = |name: &str, bytes: &[u8]| std::fs::write(dir.join(name), bytes).unwrap();
    w("empty.txt", b"");
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend(std::iter::repeat_n(0u8, 4096));
    w("binary.txt", &png);
    // Cut the seed inside its last multi-byte character.
    let last = seed
        .char_indices()
        .rev()
        .find(|(_, c)| c.len_utf8() > 1)
        .unwrap()
        .0;
    w("truncated.txt", &seed.as_bytes()[..last + 1]);
    let (gbk, _, bad) = encoding_rs::GBK.encode(&seed);
    assert!(!bad, "the seed is GBK-encodable");
    w("gbk.txt", &gbk);
    let mut u16 = vec![0xFF, 0xFE];
    u16.extend(seed.encode_utf16().flat_map(|u| u.to_le_bytes()));
    w("utf16le.txt", &u16);
    let good = serde_json::json!({"title": "2024年政府工作报告", "year": "2024", "content": national_2024()}).to_string();
    w(
        "corpus.jsonl",
        format!("{good}\n{{\"title\": \"broken\", \"content\": \"cut off\n{good}\n").as_bytes(),
    );
    w(
        "no_text.csv",
        "\u{feff}title,year\n某市政府工作报告,2024\n".as_bytes(),
    );
    let html = format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>辽源市政府工作报告</title><style>p{{color:red}}</style>\
         <script>var x = '地区生产总值增长99%';</script></head><body><div class=\"article\">{}</div></body></html>",
        seed.lines().map(|l| format!("<p>{}</p>\n", l.replace('&', "&amp;").replace('<', "&lt;"))).collect::<String>()
    );
    w("page.html", html.as_bytes());
    std::os::unix::fs::symlink(dir.join("does-not-exist.txt"), dir.join("dangling.txt")).unwrap();
    std::fs::create_dir(dir.join("loop")).unwrap();
    std::os::unix::fs::symlink(".", dir.join("loop/a")).unwrap();
    vec![
        Case {
            file: "binary.txt",
            reports: 1,
        },
        Case {
            file: "corpus.jsonl",
            reports: 3,
        },
        Case {
            file: "dangling.txt",
            reports: 1,
        },
        Case {
            file: "empty.txt",
            reports: 1,
        },
        Case {
            file: "gbk.txt",
            reports: 1,
        },
        Case {
            file: "loop/a",
            reports: 1,
        },
        Case {
            file: "no_text.csv",
            reports: 1,
        },
        Case {
            file: "page.html",
            reports: 1,
        },
        Case {
            file: "truncated.txt",
            reports: 1,
        },
        Case {
            file: "utf16le.txt",
            reports: 1,
        },
    ]
}

fn file_of(r: &Value, dir: &Path) -> String {
    let src = r["report"]["source"].as_str().unwrap();
    Path::new(src)
        .strip_prefix(dir)
        .unwrap()
        .to_string_lossy()
        .into_owned()
}

/// Checks one report against what its case should give.
fn check(file: &str, reps: &[&Value], want_targets: usize) {
    let status = |r: &Value| r["report"]["status"].as_str().unwrap().to_string();
    let enc = |r: &Value| r["report"]["encoding"].as_str().unwrap().to_string();
    let r = reps[0];
    match file {
        "empty.txt" => {
            assert_eq!(status(r), "failed");
            assert!(codes(r).contains(&"empty_input".into()), "{:?}", codes(r));
        }
        "binary.txt" => {
            assert_eq!(status(r), "failed");
            assert!(codes(r).contains(&"binary_input".into()), "{:?}", codes(r));
        }
        "truncated.txt" => {
            assert_eq!(status(r), "partial");
            let c = codes(r);
            assert!(
                c.iter()
                    .any(|c| c == "truncated_utf8" || c == "invalid_utf8"),
                "{c:?}"
            );
            assert_eq!(enc(r), "UTF-8");
            assert_eq!(n_targets(r), want_targets, "the text is still parsed");
        }
        "gbk.txt" => {
            assert!(["GBK", "gb18030"].contains(&enc(r).as_str()), "{}", enc(r));
            assert_eq!(n_targets(r), want_targets, "GBK copy of the seed");
            assert!(!codes(r).contains(&"undecodable_bytes".into()));
        }
        "utf16le.txt" => {
            assert_eq!(enc(r), "UTF-16LE");
            assert_eq!(n_targets(r), want_targets, "UTF-16LE copy of the seed");
        }
        "corpus.jsonl" => {
            assert_eq!(reps.len(), 3);
            let st: Vec<String> = reps.iter().map(|r| status(r)).collect();
            assert_eq!(st, ["ok", "failed", "ok"]);
            let members: Vec<Option<u64>> = reps
                .iter()
                .map(|r| r["report"]["member"].as_u64())
                .collect();
            assert_eq!(members, [Some(0), Some(1), Some(2)]);
            assert_eq!(codes(reps[1]), ["invalid_jsonl_line"]);
            assert_ne!(
                reps[0]["report"]["report_id"], reps[2]["report"]["report_id"],
                "same text, other member"
            );
            assert_eq!(reps[0]["targets"], {
                let mut t = reps[2]["targets"].clone();
                let id0 = reps[0]["report"]["report_id"].as_str().unwrap();
                let id2 = reps[2]["report"]["report_id"].as_str().unwrap();
                t = serde_json::from_str(&t.to_string().replace(id2, id0)).unwrap();
                t
            });
            assert_eq!(reps[0]["report"]["year"].as_i64(), Some(2024));
        }
        "no_text.csv" => {
            assert_eq!(status(r), "failed");
            assert_eq!(codes(r), ["no_text_field"]);
        }
        "dangling.txt" => {
            assert_eq!(status(r), "failed");
            assert_eq!(codes(r), ["unreadable_input"]);
        }
        "loop/a" => {
            assert_eq!(status(r), "failed");
            assert_eq!(codes(r), ["unreadable_input"]);
            let msg = r["diagnostics"][0]["message"].as_str().unwrap();
            assert!(msg.contains("loop"), "{msg}");
        }
        "page.html" => {
            assert_eq!(r["report"]["from_html"], true);
            assert_eq!(
                n_targets(r),
                want_targets,
                "targets of the seed inside HTML"
            );
            let all = r.to_string();
            assert!(!all.contains("99%"), "script text leaked into the records");
        }
        f => panic!("unexpected input {f}"),
    }
}

#[test]
fn each_hard_input_alone() {
    let dir = tempfile::tempdir().unwrap();
    let cases = write_cases(dir.path());
    let want = seed_targets();
    for c in &cases {
        let path = dir.path().join(c.file);
        let (code, reps) = parse(&[s(&path)]);
        // A dangling symlink named on the command line is a path that cannot be read:
        // said on stderr, exit 1 (its failed report is still printed).
        let named_unreadable = c.file == "dangling.txt";
        let want_code = if named_unreadable { 1 } else { 0 };
        assert_eq!(
            code,
            Some(want_code),
            "{}: exit status without --strict",
            c.file
        );
        assert_eq!(reps.len(), c.reports, "{}: report rows", c.file);
        check(c.file, &reps.iter().collect::<Vec<_>>(), want);
        let (code, _) = parse(&["--strict", s(&path)]);
        let clean = reps.iter().all(|r| r["report"]["status"] == "ok");
        assert_eq!(
            code,
            Some(if clean { 0 } else { 1 }),
            "{}: exit status with --strict",
            c.file
        );
    }
}

#[test]
fn a_folder_of_hard_inputs_converts_and_records_each() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("in");
    std::fs::create_dir(&dir).unwrap();
    let cases = write_cases(&dir);
    let want = seed_targets();
    let expected: usize = cases.iter().map(|c| c.reports).sum();

    // parse: every input found gives its report(s), in path order.
    let (code, reps) = parse(&[s(&dir)]);
    assert_eq!(code, Some(0));
    assert_eq!(reps.len(), expected);
    let mut by_file: BTreeMap<String, Vec<&Value>> = BTreeMap::new();
    for r in &reps {
        by_file.entry(file_of(r, &dir)).or_default().push(r);
    }
    let files: Vec<&str> = by_file.keys().map(String::as_str).collect();
    assert_eq!(files, cases.iter().map(|c| c.file).collect::<Vec<_>>());
    for (f, rs) in &by_file {
        check(f, rs, want);
    }

    // convert: the same rows in the tables; exit 0, and 1 with --strict.
    let out = tmp.path().join("out");
    let o = run(&[
        "convert",
        "-q",
        s(&dir),
        "-o",
        s(&out),
        "--format",
        "ndjson,parquet",
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let rows: Vec<Value> = std::fs::read_to_string(out.join("ndjson/reports/part-0-of-1.ndjson"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), expected, "one report row per input found");
    let m: Value =
        serde_json::from_slice(&std::fs::read(out.join("_manifest.json")).unwrap()).unwrap();
    assert_eq!(m["reports"].as_u64(), Some(expected as u64));
    assert_eq!(
        m["failed"].as_u64(),
        Some(6),
        "empty, binary, broken line, no text, dangling, loop"
    );
    let v = run(&["verify", s(&out)]);
    assert_eq!(v.status.code(), Some(0), "{}", stdout_str(&v));
    let o = run(&[
        "convert",
        "-q",
        "--strict",
        s(&dir),
        "-o",
        s(&tmp.path().join("strict")),
    ]);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn forced_encoding() {
    let dir = tempfile::tempdir().unwrap();
    write_cases(dir.path());
    let gbk = dir.path().join("gbk.txt");
    let (code, reps) = parse(&["--encoding", "gbk", s(&gbk)]);
    assert_eq!(code, Some(0));
    assert_eq!(reps[0]["report"]["encoding"], "GBK");
    assert_eq!(n_targets(&reps[0]), seed_targets());
    // Forcing the wrong encoding still runs: damage is reported, not fatal.
    let (code, reps) = parse(&["--encoding", "utf-8", s(&gbk)]);
    assert_eq!(code, Some(0));
    assert_eq!(reps[0]["report"]["encoding"], "UTF-8");
    assert_eq!(reps[0]["report"]["status"], "partial");
    assert_eq!(
        parse(&["--strict", "--encoding", "utf-8", s(&gbk)]).0,
        Some(1)
    );
    // An unknown label fails the report, not the run.
    let (code, reps) = parse(&["--encoding", "klingon", s(&gbk)]);
    assert_eq!(code, Some(0));
    assert_eq!(reps[0]["report"]["status"], "failed");
    assert_eq!(codes(&reps[0]), ["unknown_encoding"]);
}

#[test]
fn max_bytes_refuses_a_large_input() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.txt");
    let text = seed_text();
    std::fs::write(&big, text.repeat(2_000_000 / text.len() + 1)).unwrap();
    assert!(std::fs::metadata(&big).unwrap().len() > 2_000_000);
    let (code, reps) = parse(&["--max-bytes", "1000000", s(&big), s(&seed())]);
    assert_eq!(code, Some(0));
    assert_eq!(reps.len(), 2);
    assert_eq!(reps[0]["report"]["status"], "failed");
    assert_eq!(codes(&reps[0]), ["input_too_large"]);
    assert!(n_targets(&reps[1]) >= 10, "the next input is still parsed");
    assert_eq!(
        parse(&["--strict", "--max-bytes", "1000000", s(&big)]).0,
        Some(1)
    );
}

#[test]
fn a_30_mb_report_completes() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.txt");
    let seed = seed_text();
    let reps = 30_000_000 / seed.len() + 1;
    std::fs::write(&big, seed.repeat(reps)).unwrap();
    let out = dir.path().join("out");
    let mut child = gwr()
        .args([
            "convert",
            "-q",
            s(&big),
            "-o",
            s(&out),
            "--format",
            "parquet",
        ])
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(600);
    let status = loop {
        if let Some(st) = child.try_wait().unwrap() {
            break st;
        }
        if Instant::now() > deadline {
            child.kill().unwrap();
            panic!("a 30 MB report did not finish in 10 minutes");
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    assert!(status.success());
    let m: Value =
        serde_json::from_slice(&std::fs::read(out.join("_manifest.json")).unwrap()).unwrap();
    assert_eq!(m["reports"].as_u64(), Some(1));
    assert_eq!(m["failed"].as_u64(), Some(0));
    assert!(m["text_bytes"].as_u64().unwrap() >= 30_000_000);
    assert!(
        m["rows"]["targets"].as_u64().unwrap() >= (reps * 10) as u64,
        "{}",
        m["rows"]
    );
}
