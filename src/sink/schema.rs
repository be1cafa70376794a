//! JSON Schemas of the output tables, generated from the row types (schemars).
//!
//! `gwr schema -o schemas/` writes them; a test fails when the checked-in files and the
//! code disagree. Generation only: no parsing, no table writing.

use std::path::Path;

use schemars::schema_for;

use super::rows::*;

/// (table, schema as pretty JSON) for every output table.
pub fn all() -> Vec<(&'static str, String)> {
    let pretty = |v: schemars::Schema| serde_json::to_string_pretty(&v).unwrap_or_default() + "\n";
    vec![
        ("reports", pretty(schema_for!(ReportRow))),
        ("sections", pretty(schema_for!(SectionRow))),
        ("tasks", pretty(schema_for!(TaskRow))),
        ("targets", pretty(schema_for!(QuantityRow))),
        ("achievements", pretty(schema_for!(QuantityRow))),
        ("projects", pretty(schema_for!(ProjectRow))),
        ("diagnostics", pretty(schema_for!(DiagnosticRow))),
        ("paragraphs", pretty(schema_for!(ParagraphRow))),
    ]
}

pub fn write_all(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for (table, json) in all() {
        std::fs::write(dir.join(format!("{table}.schema.json")), json)?;
    }
    Ok(())
}
