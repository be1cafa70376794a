//! Output integrity of `gwr convert`, end to end with the release binary: a run is all
//! or nothing (a `kill -9` at several moments publishes nothing), reruns are explicit
//! (`--overwrite`, refusal with exit 2), foreign folders are refused, leftovers of
//! killed runs are cleaned up, and `gwr verify` catches every kind of damage.
//!
//! The kill test builds a JSONL corpus of ~24 MB at test time from the lawtext reports
//! in `../shared/corpus/lawtext` (read in place) and converts it with 1 MB batches and
//! one row group per file, so tables roll over into many files while it runs.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use common::*;
use serde_json::Value;

/// Every file under a final name (everything but staging folders), with its bytes.
fn published(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries {
            let p = e.unwrap().path();
            let rel = p.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
            if rel.starts_with("_staging-") {
                continue;
            }
            if p.is_dir() {
                stack.push(p);
            } else {
                out.insert(rel, std::fs::read(&p).unwrap_or_default());
            }
        }
    }
    out
}

fn staging_dirs(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("_staging-")
        })
        .collect()
}

fn manifest(dir: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(dir.join("_manifest.json")).unwrap()).unwrap()
}

fn convert(args: &[&str]) -> std::process::Output {
    let mut all = vec!["convert", "-q"];
    all.extend_from_slice(args);
    run(&all)
}

fn err(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn verify(dir: &Path) -> (Option<i32>, String) {
    let o = run(&["verify", s(dir)]);
    (o.status.code(), stdout_str(&o))
}

/// ~24 MB of real reports as one JSONL corpus (built once per test binary).
fn big_corpus() -> PathBuf {
    static CORPUS: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    CORPUS
        .get_or_init(|| {
            let mut files = Vec::new();
            let mut stack = vec![corpus().join("lawtext")];
            while let Some(d) = stack.pop() {
                for e in std::fs::read_dir(&d).unwrap() {
                    let p = e.unwrap().path();
                    if p.is_dir() {
                        stack.push(p);
                    } else if p.extension().is_some_and(|x| x == "md") {
                        files.push(p);
                    }
                }
            }
            files.sort();
            let mut out = String::new();
            for f in files {
                if out.len() > 24 << 20 {
                    break;
                }
                let text = std::fs::read_to_string(&f).unwrap();
                let line = serde_json::json!({"title": f.display().to_string(), "content": text});
                out.push_str(&line.to_string());
                out.push('\n');
            }
            assert!(
                out.len() > 20 << 20,
                "lawtext gave only {} bytes",
                out.len()
            );
            let p = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("integrity-lawtext.jsonl");
            std::fs::write(&p, out).unwrap();
            p
        })
        .clone()
}

fn spawn_big(out: &Path, extra: &[&str]) -> Child {
    gwr()
        .args(["convert", "-q", "--batch-mb", "1", "--max-row-groups", "1"])
        .args(extra)
        .args([s(&big_corpus()), "-o", s(out)])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// Staged Parquet files of `targets` so far (1 means nothing has rolled over yet).
fn staged_files(out: &Path) -> usize {
    staging_dirs(out)
        .iter()
        .filter_map(|d| std::fs::read_dir(d.join("targets")).ok())
        .map(|e| e.count())
        .sum()
}

/// Waits until `ready` or the child ends; true when the child is still running.
fn wait_for(child: &mut Child, ready: impl Fn() -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(120) {
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        if ready() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    false
}

/// A moment of a run: its name and the test that says it has come.
type Moment<'a> = (&'static str, Box<dyn Fn() -> bool + 'a>);

/// The moments of a run at which the kill test strikes.
fn moments(out: &Path) -> Vec<Moment<'_>> {
    vec![
        ("at start", Box::new(|| true)),
        (
            "staging created",
            Box::new(move || !staging_dirs(out).is_empty()),
        ),
        ("first roll-over", Box::new(move || staged_files(out) >= 2)),
        (
            "many files staged",
            Box::new(move || staged_files(out) >= 8),
        ),
        ("late in the run", Box::new(move || staged_files(out) >= 16)),
    ]
}

/// Kills `convert` (SIGKILL) at every moment and checks that the published files are
/// exactly those before the run; returns how many kills hit a running process.
fn kill_at_every_moment(out: &Path, extra: &[&str]) -> usize {
    let before = published(out);
    let mut hits = 0;
    for (what, ready) in moments(out) {
        let mut child = spawn_big(out, extra);
        let running = wait_for(&mut child, ready);
        child.kill().unwrap();
        let status = child.wait().unwrap();
        if running {
            use std::os::unix::process::ExitStatusExt;
            assert_eq!(status.signal(), Some(9), "{what}: not killed");
            hits += 1;
        } else {
            eprintln!("{what}: the run ended before the moment came ({status:?})");
        }
        let after = published(out);
        let names = |m: &BTreeMap<String, Vec<u8>>| m.keys().cloned().collect::<Vec<_>>();
        assert_eq!(
            names(&after),
            names(&before),
            "killed {what}: files appeared"
        );
        assert!(after == before, "killed {what}: a published file changed");
        assert!(
            staging_dirs(out).len() <= 1,
            "killed {what}: the earlier run's staging folder was not cleaned up"
        );
    }
    hits
}

#[test]
fn kill_9_at_any_moment_publishes_nothing_and_the_next_run_cleans_up() {
    let tmp = tempfile::tempdir().unwrap();
    // A new folder: nothing may appear under a final name.
    let out = tmp.path().join("fresh");
    let hits = kill_at_every_moment(&out, &[]);
    assert!(hits >= 4, "only {hits} kills hit a running convert");
    let (code, v) = verify(&out);
    assert_eq!(code, Some(1), "{v}");
    assert!(v.contains("leftover staging folder"), "{v}");
    // The next run cleans the leftover up and publishes a complete, rolled-over run.
    let o = convert(&[s(&seed()), "-o", s(&out)]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(staging_dirs(&out).is_empty());
    assert_eq!(verify(&out).0, Some(0));

    // A folder holding a run: an --overwrite killed at any moment leaves it as it was.
    let hits = kill_at_every_moment(&out, &["--overwrite"]);
    assert!(hits >= 4, "only {hits} kills hit a running convert");
    assert_eq!(manifest(&out)["inputs"][0]["source"], s(&seed()));
    let mut child = spawn_big(&out, &["--overwrite"]);
    assert!(child.wait().unwrap().success());
    let (code, v) = verify(&out);
    assert_eq!(code, Some(0), "{v}");
    assert!(staging_dirs(&out).is_empty());
    let m = manifest(&out);
    let files = m["files"].as_array().unwrap();
    assert!(files.len() > 8 * 8, "{} files: no roll-over", files.len());
    assert!(files.iter().all(|f| f["bytes"].as_u64() > Some(0)));
}

#[test]
fn a_rerun_is_refused_unless_overwrite_which_leaves_no_old_file() {
    // The example: the national corpus in many files, then the 15 provinces.
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let national = corpus().join("national_reports.jsonl");
    let provinces = corpus().join("provinces_2026");
    let small = ["--batch-mb", "1", "--max-row-groups", "1"];
    let o = convert(&[&[s(&national), "-o", s(&out)][..], &small].concat());
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let old = published(&out);
    let old_parquet = old.keys().filter(|k| k.ends_with(".parquet")).count();
    assert!(
        old_parquet > 16,
        "{old_parquet} Parquet files: no roll-over"
    );

    let o = convert(&[s(&provinces), "-o", s(&out)]);
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    let msg = err(&o);
    assert_eq!(msg.lines().count(), 1, "{msg}");
    assert!(
        msg.contains("--overwrite") && msg.contains(s(&out)),
        "{msg}"
    );
    assert!(published(&out) == old, "a refused run changed the folder");

    // While the new run works, the old output is whole and readable.
    let mut child = gwr()
        .args(["convert", "-q", "--overwrite", "--batch-size", "1"])
        .args(["--max-row-groups", "1", s(&provinces), "-o", s(&out)])
        .spawn()
        .unwrap();
    if wait_for(&mut child, || staged_files(&out) >= 3) {
        assert!(
            published(&out) == old,
            "the old output changed before the new was complete"
        );
    }
    assert!(child.wait().unwrap().success());
    let o = convert(&[s(&provinces), "-o", s(&out), "--overwrite"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert_eq!(manifest(&out)["rows"]["reports"].as_u64(), Some(15));
    // Nothing of the old runs remains: one file per table, all listed.
    let data: Vec<String> = published(&out)
        .into_keys()
        .filter(|k| !k.starts_with('_'))
        .collect();
    assert_eq!(data.len(), gwr::sink::TABLES.len(), "{data:?}");
    assert_eq!(verify(&out).0, Some(0));
}

#[test]
fn a_folder_that_holds_anything_else_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path().join("home");
    std::fs::create_dir_all(home.join("Documents")).unwrap();
    std::fs::write(home.join("notes.txt"), "mine").unwrap();
    let seed = seed();
    for extra in [&[][..], &["--overwrite"][..]] {
        let mut args = vec![s(&seed), "-o", s(&home)];
        args.extend_from_slice(extra);
        let o = convert(&args);
        assert_eq!(o.status.code(), Some(2), "{extra:?}: {}", err(&o));
        assert_eq!(err(&o).lines().count(), 1, "{}", err(&o));
        assert!(
            err(&o).contains("not an output folder of gwr"),
            "{}",
            err(&o)
        );
        let names: Vec<String> = std::fs::read_dir(&home)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names.len(), 2, "files were written: {names:?}");
    }
    // An empty folder, or one holding only a .gitkeep, is fine.
    let kept = tmp.path().join("kept");
    std::fs::create_dir_all(&kept).unwrap();
    std::fs::write(kept.join(".gitkeep"), "").unwrap();
    assert_eq!(convert(&[s(&seed), "-o", s(&kept)]).status.code(), Some(0));
}

#[test]
fn leftovers_of_a_killed_run_are_removed_by_the_next_run() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let dead = out.join("_staging-part-0-of-1-18f00-4242");
    std::fs::create_dir_all(dead.join("targets")).unwrap();
    std::fs::write(dead.join("targets/part-0-of-1.parquet"), b"half").unwrap();
    std::fs::write(out.join("._manifest.json.tmp-4242"), b"{").unwrap();
    let o = convert(&[s(&seed()), "-o", s(&out)]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(!dead.exists() && !out.join("._manifest.json.tmp-4242").exists());
    assert_eq!(verify(&out).0, Some(0));
}

#[test]
fn verify_reports_every_kind_of_damage_one_line_each() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let inputs = [
        corpus().join("cities_2024"),
        corpus().join("provinces_2026"),
    ];
    let o = convert(&[
        s(&inputs[0]),
        s(&inputs[1]),
        "-o",
        s(&out),
        "--format",
        "parquet,ndjson",
        "--batch-mb",
        "1",
        "--max-row-groups",
        "1",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert_eq!(verify(&out), (Some(0), format!("ok: {}\n", s(&out))));
    let mut m = manifest(&out);

    // A data file no manifest lists.
    std::fs::copy(
        out.join("targets/part-0-of-1.parquet"),
        out.join("targets/part-0-of-1.9.parquet"),
    )
    .unwrap();
    // A listed file that is missing.
    std::fs::remove_file(out.join("tasks/part-0-of-1.1.parquet")).unwrap();
    // A row count in the manifest that differs from the Parquet footer.
    let files = m["files"].as_array_mut().unwrap();
    let f = files
        .iter_mut()
        .find(|f| f["path"] == "sections/part-0-of-1.parquet")
        .unwrap();
    f["rows"] = (f["rows"].as_u64().unwrap() + 1).into();
    std::fs::write(out.join("_manifest.json"), m.to_string()).unwrap();
    // An NDJSON file with a line more than listed.
    let nd = out.join("ndjson/reports/part-0-of-1.ndjson");
    let mut text = std::fs::read_to_string(&nd).unwrap();
    let first = text.lines().next().unwrap().to_string();
    text.push_str(&first);
    text.push('\n');
    std::fs::write(&nd, text).unwrap();
    // A part whose schema differs: another table's file under the name of a listed one.
    std::fs::copy(
        out.join("reports/part-0-of-1.parquet"),
        out.join("paragraphs/part-0-of-1.1.parquet"),
    )
    .unwrap();
    // A leftover staging folder.
    std::fs::create_dir_all(out.join("_staging-part-0-of-1-1-1/targets")).unwrap();

    let (code, v) = verify(&out);
    assert_eq!(code, Some(1), "{v}");
    let lines: Vec<&str> = v.lines().collect();
    let has = |a: &str, b: &str| lines.iter().any(|l| l.contains(a) && l.contains(b));
    assert!(
        has(
            "targets/part-0-of-1.9.parquet",
            "not listed in any manifest"
        ),
        "{v}"
    );
    assert!(
        has(
            "tasks/part-0-of-1.1.parquet",
            "listed in _manifest.json but"
        ),
        "{v}"
    );
    assert!(
        has(
            "sections/part-0-of-1.parquet",
            "rows in the file, _manifest.json says"
        ),
        "{v}"
    );
    assert!(
        has("ndjson/reports/part-0-of-1.ndjson", "rows in the file"),
        "{v}"
    );
    assert!(
        has("paragraphs/part-0-of-1.1.parquet", "schema differs"),
        "{v}"
    );
    assert!(
        has("_staging-part-0-of-1-1-1", "leftover staging folder"),
        "{v}"
    );
    assert!(lines.iter().all(|l| l.starts_with("problem: ")), "{v}");
}
