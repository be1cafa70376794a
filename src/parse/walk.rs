//! The clause walk: paragraphs → sentences → clauses of the canonical text, collecting
//! the figures and project mentions each clause states, with the section, task, tense
//! and horizon they are read in. Works on canonical ranges only; it must not build
//! output rows, assign ids or map spans to the source (that is `assemble`'s job).

use std::ops::Range;

use super::cues::{Cues, SentenceCues, WordSet};
use super::outline::{Group, Outline};
use super::periods::{self, Horizon, Tense, YearWords};
use super::segment::Segments;
use super::tense_words::{chars, has, starts, words, T};
use super::{find, leads, metadata, metrics, outline, projects, quantities, segment, spans};

/// Words of a paragraph about the past (review) …
static PAST_WORDS: WordSet = WordSet::from_table(|| words(T::Past));
/// … and about the future (plan), for paragraphs outside a classified part.
static FUTURE_WORDS: WordSet = WordSet::from_table(|| words(T::Future));
/// A clause with one of these explains a target list rather than stating an item.
static EXPLANATION_WORDS: WordSet = WordSet::from_table(|| words(T::Explanation));
/// A figure in a plan part with one of these is a fact or an estimate, not a target.
static NOT_PLANNED_WORDS: WordSet = WordSet::from_table(|| words(T::NotPlanned));

/// A target with its section, task, headline flag, horizon and sentence.
pub(crate) struct TargetAt {
    pub found: quantities::MetricFigure,
    pub section: Option<usize>,
    pub task: Option<usize>,
    pub headline: bool,
    pub horizon: Horizon,
    /// The sentence it was read from (canonical range).
    pub sentence: Range<usize>,
}

/// An achievement with its section, task and period.
pub(crate) struct AchievementAt {
    pub found: quantities::MetricFigure,
    pub section: Option<usize>,
    pub task: Option<usize>,
    pub period: Horizon,
}

/// A project mention with its section and task.
pub(crate) struct ProjectAt {
    pub found: projects::ProjectMention,
    pub section: Option<usize>,
    pub task: Option<usize>,
}

/// Everything the walk found, in text order.
#[derive(Default)]
pub(crate) struct Collected {
    pub targets: Vec<TargetAt>,
    pub achievements: Vec<AchievementAt>,
    pub projects: Vec<ProjectAt>,
    /// Sentences that say no number is set for a headline goal.
    pub declined: Vec<Range<usize>>,
}

/// Walks the report's body and collects its records. `segs` is the report's one
/// segmentation (paragraphs and their sentences) that the outline also read.
pub(crate) fn collect(text: &str, segs: &Segments, ol: &Outline, year: Option<i32>) -> Collected {
    let mut w = Walk {
        text,
        ol,
        year,
        year_words: YearWords::new(year),
        five_year: None,
        prev_para_five: false,
        carry: Carry::None,
        out: Collected::default(),
    };
    for (k, p) in segs.paragraphs().iter().enumerate() {
        if p.start < ol.body_end {
            w.paragraph(p.clone(), segs.sentences_of(k));
        }
    }
    w.out
}

/// The walk's state across paragraphs.
struct Walk<'a> {
    text: &'a str,
    ol: &'a Outline,
    year: Option<i32>,
    year_words: YearWords,
    /// The five-year plan period the plan paragraphs are in, if any.
    five_year: Option<(i32, i32)>,
    /// The previous paragraph spoke of the next five years.
    prev_para_five: bool,
    /// Whether the previous paragraph left a target list open.
    carry: Carry,
    out: Collected,
}

/// How a target list goes on from one paragraph into the next.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Carry {
    None,
    /// A lead-in ended the paragraph (主要预期目标是：⏎): the next one is its first item.
    AfterLead,
    /// The paragraph was an item of the list (1．…；⏎, ——…；⏎): the list goes on in a
    /// next paragraph that opens with the item after it.
    AfterItem(ItemMark),
    /// An unmarked item paragraph ended open (…增长6%左右；⏎): the list goes on in an
    /// unmarked next paragraph whose first sentence goes on with it.
    AfterOpenItem,
}

/// How a list item paragraph opens.
#[derive(Clone, Copy, PartialEq, Eq)]
enum ItemMark {
    /// An outline marker (1．, （2）, 三是) of a kind and ordinal.
    Numbered(outline::MarkerKind, u32),
    /// A dash (——).
    Dash,
}

impl ItemMark {
    fn of(ptext: &str) -> Option<ItemMark> {
        if let Some(m) = outline::parse_marker(ptext) {
            Some(ItemMark::Numbered(m.kind, m.ordinal))
        } else {
            starts(T::ItemDash, ptext).then_some(ItemMark::Dash)
        }
    }

    /// Is `next` the item after this one?
    fn followed_by(self, next: ItemMark) -> bool {
        match (self, next) {
            (ItemMark::Numbered(k, o), ItemMark::Numbered(nk, no)) => k == nk && no == o + 1,
            (ItemMark::Dash, ItemMark::Dash) => true,
            _ => false,
        }
    }
}

/// How a paragraph is read.
struct Para {
    range: Range<usize>,
    section: Option<usize>,
    tense: Tense,
    /// Its plan figures are the five-year plan's.
    five: bool,
    /// The paragraph before it introduced the five years.
    after_five_intro: bool,
    review_period: Option<Horizon>,
}

/// How a sentence is read.
struct Sentence<'a> {
    range: Range<usize>,
    text: &'a str,
    cues: SentenceCues,
    lead: Option<leads::Lead>,
    in_list: bool,
    horizon: Option<(i32, i32)>,
}

/// State along the clauses of one sentence.
#[derive(Default)]
struct ClauseRun {
    /// 到2025年 sets the horizon of the clauses after it.
    horizon: Option<(i32, i32)>,
    /// The last figure with an indicator, for figures that take it over.
    last_found: Option<quantities::MetricFigure>,
    /// The last project of this sentence, while the clauses after it may add to it.
    follow: Option<usize>,
}

impl<'a> Walk<'a> {
    fn section_of(&self, pos: usize) -> Option<usize> {
        let k = self.ol.sections.partition_point(|s| s.line.start <= pos);
        let s = self.ol.sections.get(k.checked_sub(1)?)?;
        (pos < s.body.end.max(s.line.end)).then_some(k - 1)
    }

    fn task_of(&self, pos: usize) -> Option<usize> {
        let k = self.ol.tasks.partition_point(|t| t.span.start <= pos);
        let t = self.ol.tasks.get(k.checked_sub(1)?)?;
        (pos < t.span.end).then_some(k - 1)
    }

    fn paragraph(&mut self, p: Range<usize>, sentences: &[Range<usize>]) {
        let Some(mut para) = self.read_paragraph(p.clone()) else {
            return;
        };
        // A lead-in that ends its paragraph (主要预期目标是：⏎) opens a list in the next
        // one, and an item paragraph of it in the one with the next item.
        let ptext = &self.text[p.clone()];
        let mark = ItemMark::of(ptext);
        let carried = match std::mem::replace(&mut self.carry, Carry::None) {
            Carry::None => false,
            Carry::AfterLead => true,
            Carry::AfterItem(prev) => mark.is_some_and(|m| prev.followed_by(m)),
            Carry::AfterOpenItem => mark.is_none() && self.open_item_follows(&p, sentences),
        };
        let next = match mark {
            Some(m) => Carry::AfterItem(m),
            None if ends_open(ptext) => Carry::AfterOpenItem,
            None => Carry::None,
        };
        let mut in_list = carried;
        let mut first_sentence = true;
        for s in sentences {
            in_list = self.sentence(&mut para, s.clone(), in_list, first_sentence);
            first_sentence = false;
        }
        if carried && in_list && self.carry == Carry::None {
            self.carry = next;
        }
    }

    /// The part group a paragraph is in: a stretch that reads as review although no
    /// heading says so (lost heading) is review.
    fn group_of(&self, p: &Range<usize>, section: Option<usize>) -> Option<Group> {
        if self.ol.review_spans.iter().any(|r| r.contains(&p.start)) {
            Some(Group::Review)
        } else if self.ol.plan_spans.iter().any(|r| r.contains(&p.start)) {
            Some(Group::Plan)
        } else {
            section.map(|s| self.ol.sections[s].group)
        }
    }

    /// The paragraph's tense, five-year context and review period; None for a
    /// paragraph that states no records (self-construction).
    fn read_paragraph(&mut self, p: Range<usize>) -> Option<Para> {
        let section = self.section_of(p.start);
        let group = self.group_of(&p, section);
        let ptext = &self.text[p.clone()];
        // A part whose plan heading was lost still states this year's list:
        // 今年全市经济和社会发展的主要预期指标是:… inside a review or self-construction part.
        let this_year_list = matches!(group, Some(Group::Review | Group::SelfConstruction))
            && has(T::TargetNoun, ptext)
            && leads::opens_year_targets(ptext, self.year);
        if group == Some(Group::SelfConstruction) && !this_year_list {
            return None;
        }
        let tense = match group {
            _ if this_year_list => Tense::Plan,
            Some(Group::Review) => Tense::Review,
            Some(Group::Plan | Group::FiveYearPlan | Group::LivelihoodProjects) => Tense::Plan,
            // The future words are only asked about when a past word is there.
            _ if PAST_WORDS.any_in(ptext) && !FUTURE_WORDS.any_in(ptext) => Tense::Review,
            _ => Tense::Plan,
        };
        let five = self.five_year_context(ptext, tense);
        let after_five_intro = self.prev_para_five;
        self.prev_para_five = five.opens;
        let review_period = (tense == Tense::Review).then(|| {
            let head = section
                .and_then(|s| self.ol.sections[s].heading.clone())
                .map(|h| &self.text[h])
                .unwrap_or("");
            periods::review_period(ptext, head, self.year)
        });
        Some(Para {
            range: p,
            section,
            tense,
            five: five.applies,
            after_five_intro,
            review_period: review_period.flatten(),
        })
    }

    /// Five-year context: set by a plan paragraph about the next five years, cleared by
    /// one about this year.
    fn five_year_context(&mut self, ptext: &str, tense: Tense) -> FiveYears {
        let mentions_year = self.year_words.mentioned_in(ptext);
        let opens = periods::opens_five_years(ptext, mentions_year);
        if tense == Tense::Plan {
            if mentions_year && !starts(T::NextFiveYears, ptext) {
                self.five_year = None;
            } else if opens {
                self.five_year = periods::plan_period(ptext).or(self.year.map(|y| (y, y + 4)));
            }
        }
        let applies = self.five_year.is_some() || self.prev_para_five && starts(T::MainWord, ptext);
        FiveYears { opens, applies }
    }

    /// Reads one sentence; returns whether a target list is open after it.
    fn sentence(
        &mut self,
        para: &mut Para,
        s: Range<usize>,
        in_list: bool,
        first_sentence: bool,
    ) -> bool {
        let text = self.text;
        let stext = &text[s.clone()];
        // One automaton pass finds every trigger of the sentence and its clauses.
        let sc = SentenceCues::scan(text, s.clone());
        let cued = sc.all().has(Cues::TARGET);
        let lead = self.sentence_lead(para, &s, &sc, cued);
        self.apply_lead_scope(para, lead, &s);
        // No clause of a sentence without a digit, a figure word or a project noun
        // can hold a record outside a target list: skip the clause grammar.
        let has_trigger = sc.all().has(Cues::FIGURE_WORD)
            || sc.all().has(Cues::PROJECT_HEAD)
            || find::has_digit(stext);
        // Split into clauses only where the list test or the clause grammar reads them.
        let clauses = if in_list || lead.is_some() || has_trigger {
            segment::clauses(text, s.clone())
        } else {
            Vec::new()
        };
        let list_continues = in_list && self.list_continues(stext, clauses.first());
        let now_in_list = lead.is_some() || list_continues || (first_sentence && in_list);
        if lead.is_some_and(|l| l.end >= stext.len()) && s.end == para.range.end {
            self.carry = Carry::AfterLead;
        }
        // Explicit absence: 没有提出全年经济增速具体目标 (national report 2020).
        if cued && para.tense == Tense::Plan && declines_target(stext) {
            self.out.declined.push(s.clone());
        }
        if now_in_list || has_trigger {
            let sentence = Sentence {
                range: s,
                text: stext,
                horizon: cued
                    .then(|| periods::sentence_horizon(stext, self.year))
                    .flatten(),
                cues: sc,
                lead,
                in_list: now_in_list,
            };
            self.clauses(para, &sentence, clauses);
        }
        now_in_list
    }

    /// The sentence's list lead-in, if it has one.
    fn sentence_lead(
        &self,
        para: &Para,
        s: &Range<usize>,
        sc: &SentenceCues,
        cued: bool,
    ) -> Option<leads::Lead> {
        let stext = &self.text[s.clone()];
        let lead = cued.then(|| leads::find_lead(stext, self.year)).flatten();
        // 完成今后五年的目标任务，今年至关重要。…主要预期目标是: the paragraph says which year.
        let lead = lead.map(|l| match l.scope {
            leads::LeadScope::Context => leads::Lead {
                scope: leads::prefix_scope(&self.text[para.range.start..s.start], self.year),
                ..l
            },
            _ => l,
        });
        lead.or_else(|| {
            (sc.all().has(Cues::PLAN) && para.tense == Tense::Plan)
                .then(|| old_plan_lead(stext))
                .flatten()
        })
    }

    /// A lead-in says which period its list is for: this year's list ends a five-year
    /// context, a five-year list opens one.
    fn apply_lead_scope(&mut self, para: &mut Para, lead: Option<leads::Lead>, s: &Range<usize>) {
        match lead.map(|l| l.scope) {
            Some(leads::LeadScope::ThisYear) => {
                self.five_year = None;
                para.five = false;
            }
            // A list whose lead-in names no period, after a five-year list and not
            // right after a paragraph about the five years, is this year's.
            Some(leads::LeadScope::Context)
                if self.five_year.is_some()
                    && !para.after_five_intro
                    && !periods::names_five_years(&self.text[para.range.start..s.start]) =>
            {
                self.five_year = None;
                para.five = false;
            }
            Some(leads::LeadScope::FiveYear) if para.tense == Tense::Plan => {
                let ptext = &self.text[para.range.clone()];
                self.five_year = periods::plan_period(&self.text[s.clone()])
                    .or(periods::plan_period(ptext))
                    .or(self.year.map(|y| (y, y + 4)));
                para.five = true;
            }
            _ => {}
        }
    }

    /// After an open item paragraph (…；⏎), the paragraph goes on with the list when its
    /// first sentence does: it opens with an indicator or states a figure (环境空气质量稳居
    /// 全国重点城市前列；饮用水源水质达标率保持100%；).
    fn open_item_follows(&self, p: &Range<usize>, sentences: &[Range<usize>]) -> bool {
        let first = sentences.first().cloned().unwrap_or_else(|| p.clone());
        let stext = &self.text[first.clone()];
        (self.opens_item(segment::clauses(self.text, first).first()) || find::has_digit(stext))
            && list_may_go_on(stext)
    }

    /// An open list goes on in a sentence whose first clause names an indicator or a
    /// figure, unless the sentence ends the list or starts a numbered item.
    fn list_continues(&self, stext: &str, first_clause: Option<&Range<usize>>) -> bool {
        self.opens_item(first_clause) && list_may_go_on(stext)
    }

    /// Does the first clause name an indicator or a figure, as a list item does?
    fn opens_item(&self, first_clause: Option<&Range<usize>>) -> bool {
        first_clause.is_some_and(|c| {
            let ct = &self.text[c.clone()];
            metrics::dictionary().find(ct).is_some() || find::has_digit(ct)
        })
    }

    fn clauses(&mut self, para: &Para, s: &Sentence, clauses: Vec<Range<usize>>) {
        let mut run = ClauseRun::default();
        for mut c in clauses {
            // The list lead-in itself is not an item, nor part of the first one when no
            // colon ends it (主要预期目标是地区生产总值增长7.5%以上), unless an indicator
            // comes before it (经济增长预期目标为7%左右).
            if let Some(l) = s.lead {
                let (lead_start, lead_end) = (s.range.start + l.start, s.range.start + l.end);
                if c.end <= lead_end {
                    continue;
                }
                let before = self.text.get(c.start..lead_start).unwrap_or("");
                if c.start < lead_end && metrics::dictionary().find(before).is_none() {
                    c.start = lead_end;
                }
            }
            self.clause(para, s, c, &mut run);
        }
    }

    fn clause(&mut self, para: &Para, s: &Sentence, c: Range<usize>, run: &mut ClauseRun) {
        let ct = &self.text[c.clone()];
        if let Some(y) = horizon_to(ct) {
            run.horizon = Some((y, y));
            return;
        }
        let task = self.task_of(c.start);
        let clause_cues = s.cues.within(&c);
        if self.clause_projects(para, &c, task, clause_cues, run) {
            return;
        }
        let has_trigger = clause_cues.has(Cues::FIGURE_WORD) || find::has_digit(ct);
        if !has_trigger && !s.in_list || metadata::is_delivery_clause(ct) {
            return;
        }
        let mut found =
            quantities::read_clause(self.text, c.clone(), s.in_list, run.last_found.as_ref());
        // A list's explanations are not items (也考虑了经济增长潜力和支撑条件).
        found.retain(|f| f.value.is_some() || !EXPLANATION_WORDS.any_in(ct));
        if let Some(f) = found.iter().rev().find(|f| !f.metric_raw.is_empty()) {
            run.last_found = Some(f.clone());
        }
        for f in found {
            match para.tense {
                Tense::Plan => self.plan_figure(para, s, ct, f, task, run.horizon),
                Tense::Review => self.review_figure(para, s, f, task),
            }
        }
    }

    /// Reads the clause's projects, or adds it to the sentence's last project; true
    /// when the clause was a project mention.
    fn clause_projects(
        &mut self,
        para: &Para,
        c: &Range<usize>,
        task: Option<usize>,
        clause_cues: Cues,
        run: &mut ClauseRun,
    ) -> bool {
        let text = self.text;
        let mut project = if clause_cues.has(Cues::PROJECT_HEAD) {
            projects::read_triggered(text, c.clone())
        } else {
            Vec::new()
        };
        // A measure heading names a line of work (推进产业基地和特色园区建设), unless
        // it states concrete works: a status (加速推进…项目), a count, or named
        // 工程 (抓好农村公路通达和洞庭湖区畅通工程建设).
        if self.is_measure_heading(task, c) {
            project.retain(|f| {
                f.status.is_some() || f.count.is_some() || projects::names_works(text, f)
            });
        }
        let section = para.section;
        if !project.is_empty() {
            for mut found in project {
                // Only a clause right after a project shares its verb.
                found.verbless &= run.follow.is_some();
                self.out.projects.push(ProjectAt {
                    found,
                    section,
                    task,
                });
            }
            run.follow = self.out.projects.len().checked_sub(1);
            return true;
        }
        if let Some(i) = run.follow {
            match projects::read_follow_up(text, c.clone(), &mut self.out.projects[i].found) {
                projects::FollowUp::Attribute => {}
                projects::FollowUp::Subset(pf) => {
                    self.out.projects.push(ProjectAt {
                        found: *pf,
                        section,
                        task,
                    });
                    run.follow = self.out.projects.len().checked_sub(1);
                }
                projects::FollowUp::Nothing => run.follow = None,
            }
        }
        false
    }

    fn is_measure_heading(&self, task: Option<usize>, c: &Range<usize>) -> bool {
        task.is_some_and(|t| {
            self.ol.tasks[t]
                .measures
                .iter()
                .any(|m| m.start <= c.start && c.end <= m.end)
        })
    }

    fn plan_figure(
        &mut self,
        para: &Para,
        s: &Sentence,
        ct: &str,
        f: quantities::MetricFigure,
        task: Option<usize>,
        clause_horizon: Option<(i32, i32)>,
    ) {
        if !s.in_list && NOT_PLANNED_WORDS.any_in(ct)
            || !s.in_list && has(T::LastYear, ct) && !has(T::ThanLastYear, ct)
        {
            return;
        }
        let year = self.year;
        let five = para
            .five
            .then(|| self.five_year.or(year.map(|y| (y, y + 4))))
            .flatten();
        let h = f
            .horizon_year
            .map(|y| (y, y))
            .or(s.horizon)
            .or(clause_horizon)
            .or(five)
            .or(year.map(|y| (y, y)));
        let headline = s.in_list && h.is_some_and(|(a, z)| a == z && Some(a) == year);
        self.out.targets.push(TargetAt {
            found: f,
            section: para.section,
            task,
            headline,
            horizon: (h.map(|x| x.0), h.map(|x| x.1)),
            sentence: s.range.clone(),
        });
    }

    fn review_figure(
        &mut self,
        para: &Para,
        s: &Sentence,
        f: quantities::MetricFigure,
        task: Option<usize>,
    ) {
        if f.value.is_none() || f.metric_raw.is_empty() {
            return;
        }
        let year = self.year;
        // An annual average (年均增长) stays the paragraph's.
        let period = periods::sentence_year(s.text)
            .filter(|&y| !f.annual_average && year.is_none_or(|ry| y < ry))
            .map(|y| periods::year_figure_period(y, f.reference.as_deref()))
            .or(para.review_period)
            .unwrap_or((None, None));
        self.out.achievements.push(AchievementAt {
            found: f,
            section: para.section,
            task,
            period,
        });
    }
}

/// A sentence that neither ends a target list nor starts a numbered item.
fn list_may_go_on(stext: &str) -> bool {
    !has(T::ListEnd, stext) && outline::parse_marker(stext).is_none()
}

/// Does the paragraph end with its list item open (…增长6%左右；)?
fn ends_open(ptext: &str) -> bool {
    ptext
        .trim_end()
        .chars()
        .next_back()
        .is_some_and(|c| chars(T::ItemEnd).contains(&c))
}

/// A paragraph's five-year reading.
struct FiveYears {
    /// It speaks of the next five years.
    opens: bool,
    /// Its plan figures are the five-year plan's.
    applies: bool,
}

/// 到2025年 at a clause's start (within its first 8 chars): the year the clauses after it
/// are for.
fn horizon_to(ct: &str) -> Option<i32> {
    ct.strip_prefix(chars(T::HorizonTo))
        .and_then(|r| r.get(..4))
        .and_then(|y| y.parse::<i32>().ok())
        .filter(|_| spans::chars_within(ct, 0, 8))
}

/// Older plans state the year's headline figures without a list lead-in:
/// 今年计划国内生产总值增长百分之九 (1994), 今年计划要求…国民生产总值增长百分之六 (1992).
fn old_plan_lead(stext: &str) -> Option<leads::Lead> {
    if !has(T::OldPlanMetric, stext) {
        return None;
    }
    words(T::OldPlanLead).iter().find_map(|l| {
        find::find(stext, l).map(|p| leads::Lead {
            start: p,
            end: p + l.len(),
            scope: leads::LeadScope::ThisYear,
            prospective: false,
        })
    })
}

/// Does the sentence say that no number is set for a headline goal?
fn declines_target(s: &str) -> bool {
    has(T::Refuse, s) && has(T::DeclinedGoal, s)
}

/// The headline metric a declining sentence is about.
pub(crate) fn declined_metric(s: &str) -> &'static str {
    if has(T::DeclinedJobs, s) && !has(T::DeclinedNotJobs, s) {
        "new_urban_jobs"
    } else {
        "gdp_growth"
    }
}
