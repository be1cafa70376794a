//! Headline target shapes, each on a few paragraphs of real report text (copied from
//! `../shared/corpus/lawtext/`, shortened): the targets as parsed (H = headline), with
//! their metric, value, comparator and horizon, in an insta snapshot. One fixture per
//! rule: a distributive series, a verb before the indicator, the lead-in's year read from
//! its paragraph, a 预期 list in a part whose plan heading was lost, a plan part's plain
//! GDP sentence, and a contribution rate that is not GDP growth.

mod common;

fn targets(text: &str, year: i32) -> String {
    let r = common::parse_with_year(text, year);
    r.targets
        .iter()
        .map(|t| {
            format!(
                "{} {} | {} {:?} {:?} | {:?}-{:?} | {}",
                if t.headline { "H" } else { "-" },
                t.metric.as_deref().unwrap_or("-"),
                t.value.map(|v| v.to_string()).unwrap_or_default(),
                t.value_high,
                t.comparator,
                t.horizon_start,
                t.horizon_end,
                t.text
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// (what the fixture shows, plan year, report text).
const FIXTURES: &[(&str, i32, &str)] = &[
    (
        "青岛 2008: 甲、乙分别增长X和Y gives each indicator its own figure",
        2008,
        "一、2007年工作回顾\n\n刚刚过去的2007年，预计全市生产总值突破3700亿元，比上年增长16%。\n\n\
         二、2008年工作安排\n\n今年是全面贯彻落实党的十七大精神和省、市党代会部署的重要一年。\n\n\
         经济社会发展的主要目标是：全市生产总值、地方财政一般预算收入分别增长13%和17%；\
         城市居民人均可支配收入、农民人均纯收入均增长10%；城镇登记失业率控制在4%以内；\
         万元生产总值能耗下降4.5%，二氧化硫和化学需氧量排放量分别下降7%、4.5%。\n",
    ),
    (
        "包头 2020: one figure for a series (均增长6%左右)",
        2020,
        "一、2019年工作回顾\n\n全市地区生产总值增长5.6%。\n\n二、2020年工作安排\n\n\
         今年主要发展预期目标是：地区生产总值、固定资产投资、社会消费品零售总额、一般公共预算收入均增长6%左右，\
         城乡居民人均可支配收入分别增长6.5%、7.5%左右。城镇登记失业率控制在3.9%以内。\n",
    ),
    (
        "宁波 2020: a verb before the indicator (建议奋力实现地区生产总值增长6.5%左右)",
        2020,
        "一、2019年工作回顾\n\n全市实现地区生产总值11985亿元，增长6.8%。\n\n二、2020年工作安排\n\n\
         2020年我市经济社会发展面临的挑战前所未有。我们要坚定信心、克难奋进，\
         建议奋力实现地区生产总值增长6.5%左右，一般公共预算收入、城乡居民收入增长与经济增长基本同步。\n",
    ),
    (
        "青岛 2017: 今年 after 今后五年 in the lead-in's paragraph makes it this year's list",
        2017,
        "一、过去五年工作回顾\n\n五年来，全市生产总值年均增长8.9%。\n\n二、今后五年目标任务\n\n\
         今后五年，全市生产总值年均增长7.5%左右。\n\n三、2017年主要工作安排\n\n\
         完成今后五年的目标任务，今年至关重要。我们一定要积极进取、真抓实干。\
         主要预期目标是：全市生产总值增长8%左右，一般公共预算收入增长8.5%左右，固定资产投资增长12%左右。\n",
    ),
    (
        "河池 2015: a 预期 list in a review part (the plan heading was lost)",
        2015,
        "一、2014年工作回顾\n\n初步统计，全市地区生产总值601亿元，增长8.1%。\n\n\
         今年是全面深化改革的关键之年。做好今年的工作，意义重大。\n\n\
         经济社会发展主要预期目标是：地区生产总值增长7%，财政收入增长8%，规模以上工业增加值增长13%。\n",
    ),
    (
        "台州 2014: a plan part's plain GDP sentence without a lead-in",
        2014,
        "一、2013年工作回顾\n\n预计生产总值增长8%，地方财政收入增长12.4%。\n\n二、2014年目标任务\n\n\
         今年经济社会发展主要预期目标，综合考虑发展趋势和工作导向。一是实现更有质量的增长。\
         以提高经济增长质量效益为中心，构建内涵式发展新格局。生产总值增长8%，\
         研究与试验发展经费支出增长14.8%，服务业占生产总值比重提高1个百分点。\n",
    ),
    (
        "眉山 2021: 数字经济增速 and 贡献率 are not GDP growth",
        2021,
        "一、2020年工作回顾\n\n地区生产总值增长4.2%。\n\n二、2021年重点工作\n\n\
         推动数字经济加快发展。确保数字经济增速不低于20%。\
         力争全社会研发投入占地区生产总值比重达到2%，科技进步对经济增长的贡献率达到65%。\n",
    ),
];

#[test]
fn headline_shapes_of_real_reports() {
    let shown: Vec<String> = FIXTURES
        .iter()
        .map(|(what, year, text)| format!("# {what}\n{}", targets(text, *year)))
        .collect();
    insta::assert_snapshot!(shown.join("\n\n"));
}
