//! JSON Schemas of the output tables, generated from the row types (schemars).
//!
//! `gwr schema -o schemas/` writes them; a test fails when the checked-in files and the
//! code disagree. Generation only: no parsing, no table writing.

use std::path::Path;

use schemars::schema_for;

use super::rows::*;

/// (table, schema as pretty JSON) for every output table.
pub fn all() -> Vec<(&'static str, String)> {
    // Tables that share a row type (targets, achievements) get their own title.
    let pretty = |table: &'static str, mut v: schemars::Schema| {
        v.insert("title".into(), table.into());
        (
            table,
            serde_json::to_string_pretty(&v).unwrap_or_default() + "\n",
        )
    };
    vec![
        pretty("reports", schema_for!(ReportRow)),
        pretty("sections", schema_for!(SectionRow)),
        pretty("tasks", schema_for!(TaskRow)),
        pretty("targets", schema_for!(QuantityRow)),
        pretty("achievements", schema_for!(QuantityRow)),
        pretty("projects", schema_for!(ProjectRow)),
        pretty("diagnostics", schema_for!(DiagnosticRow)),
        pretty("paragraphs", schema_for!(ParagraphRow)),
    ]
}

/// The schema of `gwr panel`'s table (not a `convert` table).
pub fn panel() -> (&'static str, String) {
    let mut v = schema_for!(crate::panel::PanelRow);
    v.insert("title".into(), "panel".into());
    let json = serde_json::to_string_pretty(&v).unwrap_or_default() + "\n";
    ("panel", json)
}

pub fn write_all(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for (table, json) in all().into_iter().chain([panel()]) {
        std::fs::write(dir.join(format!("{table}.schema.json")), json)?;
    }
    Ok(())
}
