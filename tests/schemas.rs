//! The checked-in JSON Schemas (`schemas/*.schema.json`) are what the code generates.

use std::collections::BTreeSet;
use std::path::PathBuf;

const REGENERATE: &str = "run `cargo run --release -- schema -o schemas` and commit the result";

#[test]
fn checked_in_schemas_equal_the_generated_ones() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("schemas");
    let generated = gwr::sink::schema::all();
    let tables: Vec<&str> = generated.iter().map(|(t, _)| *t).collect();
    assert_eq!(tables, gwr::sink::TABLES, "one schema per output table");
    for (table, json) in &generated {
        let path = dir.join(format!("{table}.schema.json"));
        let on_disk = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{}: {e}; {REGENERATE}", path.display()));
        assert!(
            on_disk == *json,
            "schemas/{table}.schema.json differs from the row type in src/sink/rows.rs; {REGENERATE}"
        );
        // A real JSON Schema naming every column of the table.
        let v: serde_json::Value = serde_json::from_str(json).unwrap();
        assert_eq!(v["title"], *table);
        let props: BTreeSet<&str> = v["properties"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert!(props.contains("report_id"), "{table}: {props:?}");
    }
    let files: BTreeSet<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    // The convert tables, plus the table of `gwr panel` (checked in src/panel.rs).
    let want: BTreeSet<String> = generated
        .iter()
        .map(|(t, _)| format!("{t}.schema.json"))
        .chain(["panel.schema.json".to_string()])
        .collect();
    assert_eq!(
        files, want,
        "stray or missing files in schemas/; {REGENERATE}"
    );
}

#[test]
fn schema_command_writes_the_same_files() {
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_gwr"))
        .args(["schema", "-o"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    for (table, json) in gwr::sink::schema::all() {
        let written =
            std::fs::read_to_string(dir.path().join(format!("{table}.schema.json"))).unwrap();
        assert_eq!(written, json, "{table}");
    }
}
