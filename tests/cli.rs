//! The `gwr` command line end to end: parse output shape and spans, stdin, JSON Lines,
//! exit codes (usage 2, --strict 1, unreadable inputs: parse 1, convert 2), failed
//! inputs recorded, convert → verify.

mod common;

use std::io::Write;
use std::process::Stdio;

use common::*;
use serde_json::Value;

const RECORD_KEYS: &[&str] = &[
    "report",
    "sections",
    "tasks",
    "targets",
    "achievements",
    "projects",
    "diagnostics",
];

fn span_of(v: &Value) -> [usize; 4] {
    let sp = &v["span"];
    let g = |k: &str| {
        sp[k]
            .as_u64()
            .unwrap_or_else(|| panic!("span.{k} missing in {v}")) as usize
    };
    [
        g("byte_start"),
        g("byte_end"),
        g("char_start"),
        g("char_end"),
    ]
}

#[test]
fn parse_seed_prints_one_object_with_grounded_records() {
    let out = run(&["parse", s(&seed())]);
    assert!(
        out.status.success(),
        "gwr parse failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = stdout_str(&out);
    // One pretty-printed JSON object, not JSON Lines.
    let v: Value = serde_json::from_str(&stdout).expect("stdout is exactly one JSON value");
    let obj = v.as_object().expect("a JSON object");
    let mut keys: Vec<&str> = obj.keys().map(String::as_str).collect();
    keys.sort();
    let mut want = RECORD_KEYS.to_vec();
    want.sort();
    assert_eq!(keys, want);
    assert!(
        obj.get("paragraphs").is_none(),
        "paragraphs only with --paragraphs"
    );
    assert!(
        v["report"].get("text").is_none(),
        "the text only with --full-text"
    );

    let text = seed_text();
    let idx = CharIndex::new(&text);
    assert_eq!(v["report"]["bytes"].as_u64(), Some(text.len() as u64));
    assert_eq!(
        v["report"]["chars"].as_u64(),
        Some(text.chars().count() as u64)
    );
    assert_eq!(v["report"]["encoding"], "UTF-8");
    let mut checked = 0;
    for table in &RECORD_KEYS[1..] {
        for rec in v[*table].as_array().unwrap() {
            let t = rec["text"]
                .as_str()
                .unwrap_or_else(|| panic!("{table} record without text: {rec}"));
            assert_span(table, &text, &idx, t, span_of(rec));
            checked += 1;
        }
    }
    // The Liaoyuan seed: real targets, e.g. 地区生产总值年均增长6.5%以上 (十四五).
    let targets = v["targets"].as_array().unwrap();
    assert!(targets.len() >= 10, "only {} targets", targets.len());
    let gdp = targets
        .iter()
        .find(|t| t["metric"] == "gdp_growth" && t["value"].as_f64() == Some(6.5))
        .expect("the 6.5% GDP growth target of the seed");
    assert_eq!(gdp["comparator"], "at_least");
    assert_eq!(gdp["horizon_start"].as_i64(), Some(2021));
    assert_eq!(gdp["horizon_end"].as_i64(), Some(2025));
    assert!(!v["tasks"].as_array().unwrap().is_empty());
    assert!(!v["projects"].as_array().unwrap().is_empty());
    assert!(checked > 50, "only {checked} records checked");
}

#[test]
fn parse_reads_stdin() {
    let text = seed_text();
    let mut child = gwr()
        .args(["parse", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let bytes = text.clone().into_bytes();
    let writer = std::thread::spawn(move || stdin.write_all(&bytes));
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["report"]["source"], "-");
    assert!(v["report"]["member"].is_null());
    // Same bytes, same records as reading the file.
    let from_file: Value = serde_json::from_slice(&run(&["parse", s(&seed())]).stdout).unwrap();
    assert_eq!(v["report"]["report_id"], from_file["report"]["report_id"]);
    assert_eq!(v["targets"], from_file["targets"]);
}

#[test]
fn several_inputs_give_json_lines() {
    let c = corpus().join("cities_2024");
    let (a, b) = (c.join("吉林.txt"), c.join("衢州.txt"));
    let out = run(&["parse", s(&seed()), s(&a), s(&b)]);
    assert!(out.status.success());
    let stdout = stdout_str(&out);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 3, "one line per report");
    let sources: Vec<String> = lines
        .iter()
        .map(|l| {
            let v: Value = serde_json::from_str(l).expect("each line is a JSON object");
            v["report"]["source"].as_str().unwrap().to_string()
        })
        .collect();
    assert_eq!(
        sources,
        vec![s(&seed()).to_string(), s(&a).to_string(), s(&b).to_string()]
    );
}

#[test]
fn usage_errors_exit_2() {
    let out = run(&["parse"]);
    assert_eq!(out.status.code(), Some(2), "no inputs is a usage error");
    assert!(String::from_utf8_lossy(&out.stderr).contains("Usage"));
    assert_eq!(run(&[]).status.code(), Some(2), "no subcommand");
    assert_eq!(
        run(&["convert", "x", "--format", "xml"]).status.code(),
        Some(2),
        "bad --format"
    );
    assert_eq!(
        run(&["convert", "x", "--shard", "4/4"]).status.code(),
        Some(2),
        "bad --shard"
    );
    assert_eq!(run(&["frobnicate"]).status.code(), Some(2));
}

#[test]
fn convert_missing_path_is_loud_records_a_failed_report_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-report.txt");
    let out_dir = dir.path().join("out");
    let seed = seed();
    let args = [
        "convert",
        s(&missing),
        s(&seed),
        "-o",
        s(&out_dir),
        "-q",
        "--format",
        "ndjson,parquet",
    ];
    let out = run(&args);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert_eq!(
        err.trim_end(),
        format!(
            "gwr: {}: No such file or directory (os error 2)",
            s(&missing)
        ),
        "one line, as ripgrep says it"
    );
    // The run went on with the other input, and the missing one is a failed row.
    let reports =
        std::fs::read_to_string(out_dir.join("ndjson/reports/part-0-of-1.ndjson")).unwrap();
    let rows: Vec<Value> = reports
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["status"], "failed");
    assert_eq!(rows[0]["source"], s(&missing));
    assert_eq!(rows[1]["source"], s(&seed));
    let diags =
        std::fs::read_to_string(out_dir.join("ndjson/diagnostics/part-0-of-1.ndjson")).unwrap();
    let d: Value = serde_json::from_str(diags.lines().next().expect("one diagnostic")).unwrap();
    assert_eq!(d["code"], "unreadable_input");
    assert_eq!(d["report_id"], rows[0]["report_id"]);
    let m: Value =
        serde_json::from_slice(&std::fs::read(out_dir.join("_manifest.json")).unwrap()).unwrap();
    assert_eq!(
        (m["reports"].as_u64(), m["failed"].as_u64()),
        (Some(2), Some(1))
    );
    assert_eq!(m["unreadable"].as_array().map(Vec::len), Some(1));
    // A missing folder and a glob that matches nothing are as loud.
    let out = run(&[
        "convert",
        "/no/such/dir",
        "/no/such/*.txt",
        "-o",
        s(&dir.path().join("out2")),
        "-q",
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert_eq!(err.lines().count(), 2, "{err}");
    assert!(err.starts_with("gwr: /no/such/dir: No such file"), "{err}");
    assert!(
        err.contains("gwr: /no/such/*.txt: the glob matches no file"),
        "{err}"
    );
}

#[test]
fn parse_of_an_input_that_cannot_be_read_says_so_and_exits_1() {
    let out = run(&["parse", "/no/such/file.txt"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert_eq!(
        err.trim_end(),
        "gwr: /no/such/file.txt: No such file or directory (os error 2)"
    );
    // The failed report is still printed.
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["report"]["status"], "failed");
    assert_eq!(v["diagnostics"][0]["code"], "unreadable_input");
    // With a good input next to it: both printed, still exit 1.
    let out = run(&["parse", s(&seed()), "/no/such/file.txt"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout_str(&out).lines().count(), 2);
    // A folder that cannot be read.
    let dir = tempfile::tempdir().unwrap();
    let locked = dir.path().join("locked");
    std::fs::create_dir(&locked).unwrap();
    std::fs::write(locked.join("a.txt"), "x").unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let readable = std::fs::read_dir(&locked).is_ok(); // root reads it anyway
    let out = run(&["parse", s(&locked)]);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    if !readable {
        assert_eq!(out.status.code(), Some(1));
        assert!(String::from_utf8_lossy(&out.stderr).contains("Permission denied"));
    } else {
        assert_eq!(out.status.code(), Some(0), "readable as root");
    }
}

#[test]
fn bad_content_is_a_report_status_not_an_error() {
    // Binary bytes are read fine: a failed report, exit 0 (1 only with --strict).
    let dir = tempfile::tempdir().unwrap();
    let bin = dir.path().join("blob.txt");
    std::fs::write(&bin, [0u8, 159, 146, 150, 0, 0, 1, 2, 3, 255, 0, 0]).unwrap();
    let out = run(&["parse", s(&bin)]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["report"]["status"], "failed");
    assert_eq!(run(&["parse", "--strict", s(&bin)]).status.code(), Some(1));
    let o = dir.path().join("out");
    assert_eq!(
        run(&["convert", "-q", s(&bin), "-o", s(&o)]).status.code(),
        Some(0)
    );
}

#[test]
fn a_write_error_mid_run_stops_every_stage_and_exits_1() {
    // While the reader and the parser are still sending 1 MB batches of the real corpora,
    // the run's staging folder is replaced by a file, so the writer cannot begin its next
    // file (one row group per file): the run must end (no stage left waiting on a
    // channel), say what failed once, and publish nothing.
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("out");
    let mut child = gwr()
        .args(["convert", s(&corpus()), "-o", s(&out_dir), "-q"])
        .args(["--batch-mb", "1", "--max-row-groups", "1"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let staging = loop {
        let found = std::fs::read_dir(&out_dir).ok().and_then(|mut d| {
            d.find_map(|e| {
                let p = e.ok()?.path();
                p.file_name()?
                    .to_str()?
                    .starts_with("_staging-")
                    .then_some(p)
            })
        });
        if let Some(p) = found {
            break p;
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "finished before staging"
        );
        std::thread::sleep(std::time::Duration::from_millis(2));
    };
    std::fs::remove_dir_all(&staging).unwrap();
    std::fs::write(&staging, b"in the way").unwrap();
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("writing ") && err.contains("_staging-"),
        "{err}"
    );
    assert_eq!(
        err.matches("os error").count(),
        1,
        "cause printed once: {err}"
    );
    assert!(!out_dir.join("_manifest.json").exists());
    for t in gwr::sink::TABLES {
        assert!(!out_dir.join(t).exists(), "{t} published after an error");
    }
}

#[test]
fn strict_exits_1_only_on_partial_or_failed() {
    let dir = tempfile::tempdir().unwrap();
    // A clean report: the national 2024 report of the JSONL corpus.
    let line = std::fs::read_to_string(corpus().join("national_reports.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .find(|v| v["year"].as_str() == Some("2024"))
        .expect("national 2024 report");
    let clean = dir.path().join("national_2024.txt");
    std::fs::write(&clean, line["content"].as_str().unwrap()).unwrap();
    let v: Value = serde_json::from_slice(&run(&["parse", s(&clean)]).stdout).unwrap();
    assert_eq!(v["report"]["status"], "ok", "{}", v["diagnostics"]);
    assert_eq!(
        run(&["parse", "--strict", s(&clean)]).status.code(),
        Some(0)
    );
    let out_ok = dir.path().join("ok");
    assert_eq!(
        run(&["convert", "-q", "--strict", s(&clean), "-o", s(&out_ok)])
            .status
            .code(),
        Some(0)
    );

    // A failed one (empty file) next to it.
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, b"").unwrap();
    assert_eq!(run(&["parse", s(&clean), s(&empty)]).status.code(), Some(0));
    assert_eq!(
        run(&["parse", "--strict", s(&clean), s(&empty)])
            .status
            .code(),
        Some(1)
    );
    let out_bad = dir.path().join("bad");
    assert_eq!(
        run(&["convert", "-q", s(&clean), s(&empty), "-o", s(&out_bad)])
            .status
            .code(),
        Some(0)
    );
    let out_bad2 = dir.path().join("bad2");
    assert_eq!(
        run(&[
            "convert",
            "-q",
            "--strict",
            s(&clean),
            s(&empty),
            "-o",
            s(&out_bad2)
        ])
        .status
        .code(),
        Some(1)
    );

    // The seed is partial (its first pages are missing): --strict fails it too.
    let v: Value = serde_json::from_slice(&run(&["parse", s(&seed())]).stdout).unwrap();
    assert_eq!(v["report"]["status"], "partial");
    assert_eq!(
        run(&["parse", "--strict", s(&seed())]).status.code(),
        Some(1)
    );
}

#[test]
fn convert_then_verify_and_detect_a_missing_part() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("out");
    let seeds = manifest_dir().join("seeds");
    let out = run(&["convert", s(&seeds), "-o", s(&out_dir), "-q"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = run(&["verify", s(&out_dir)]);
    assert_eq!(v.status.code(), Some(0), "verify: {}", stdout_str(&v));
    for t in gwr::sink::TABLES {
        assert!(
            out_dir.join(t).join("part-0-of-1.parquet").is_file(),
            "table {t} missing"
        );
    }
    std::fs::remove_file(out_dir.join("targets/part-0-of-1.parquet")).unwrap();
    let v = run(&["verify", s(&out_dir)]);
    assert_ne!(
        v.status.code(),
        Some(0),
        "verify must notice a deleted part file"
    );
    assert!(stdout_str(&v).contains("targets"), "{}", stdout_str(&v));

    // A missing manifest (crashed run) is also caught.
    let out2 = dir.path().join("out2");
    assert!(run(&["convert", s(&seeds), "-o", s(&out2), "-q"])
        .status
        .success());
    std::fs::remove_file(out2.join("_manifest.json")).unwrap();
    assert_ne!(run(&["verify", s(&out2)]).status.code(), Some(0));
}
