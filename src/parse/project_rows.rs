//! Project rows from the walk's project mentions: ids, the status a verbless run
//! inherits from the mention before it, the parent of a 其中 subset, and the investment
//! in 亿元. It must not read text: what a clause says was decided by `projects`.

use super::assemble::RowIds;
use super::walk::ProjectAt;
use super::{number, Builder};
use crate::model::{Project, ProjectStatus};

/// A status as the report states it: the enum and the words.
type StatedStatus = (Option<ProjectStatus>, Option<String>);

/// The state carried from one project mention to the next.
#[derive(Default)]
struct Inheritance {
    /// The id of the last project that is not a subset.
    parent: Option<String>,
    /// The status of the last project that is not a subset.
    status: Option<StatedStatus>,
}

/// Appends one row per project mention, in text order.
pub(super) fn push_all(b: &mut Builder, found: Vec<ProjectAt>, ids: &RowIds) {
    let mut inherit = Inheritance::default();
    for (k, p) in found.into_iter().enumerate() {
        let id = format!("{}-J{:04}", b.report_id, k + 1);
        let f = &p.found;
        let (status, status_raw) = if f.verbless {
            inherit.status.clone().unwrap_or((None, None))
        } else {
            (f.status, f.status_raw.clone())
        };
        let part_of = if f.subset {
            inherit.parent.clone()
        } else {
            // In a 其中 list the later clauses share the first clause's verb, not the
            // subset's.
            inherit.parent = Some(id.clone());
            inherit.status = Some((status, status_raw.clone()));
            None
        };
        let row = project_row(b, &p, ids, id, (status, status_raw), part_of);
        b.out.projects.push(row);
    }
}

/// One project row.
fn project_row(
    b: &Builder,
    p: &ProjectAt,
    ids: &RowIds,
    id: String,
    status: StatedStatus,
    part_of: Option<String>,
) -> Project {
    let f = &p.found;
    let (span, text) = b.span(f.clause.clone());
    let inv = f.investment.as_ref();
    Project {
        project_id: id,
        report_id: b.report_id.to_string(),
        section_id: ids.section(p.section),
        task_id: ids.task(p.task),
        names: f.names.iter().map(|r| b.span(r.clone()).1).collect(),
        head: f.head.clone().map(|h| b.span(h).1),
        category: f.category.clone(),
        count: f.count,
        investment_value: inv.map(|i| i.value.to_f64()),
        investment_unit: inv.map(|i| i.unit.clone()),
        investment_yi_yuan: inv.and_then(|i| i.base).and_then(in_yi_yuan),
        investment_basis: inv.map(|i| i.basis),
        size_value: f.size.as_ref().map(|s| s.value.to_f64()),
        size_unit: f.size.as_ref().map(|s| s.unit.clone()),
        status: status.0,
        status_raw: status.1,
        part_of,
        span,
        text,
    }
}

/// An amount in yuan, in 亿元 (10⁸ yuan).
fn in_yi_yuan(yuan: number::Decimal) -> Option<f64> {
    let yi = number::Decimal {
        mantissa: 1,
        scale: 8,
    };
    yuan.mul(yi).map(|x| x.to_f64())
}
