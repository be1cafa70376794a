//! Task-list groups, each on a few paragraphs of real report text (copied from
//! `../shared/corpus/lawtext/`, shortened): the tasks as parsed with their group, years,
//! marker and heading, and the targets inside 民生实事 items, in an insta snapshot. One
//! fixture per rule: a five-year plan's key tasks in its start year, a 民生实事 list nested
//! in a plan task, a 民生实事 part of its own, and a review whose heading was lost.

mod common;

fn render(text: &str, year: i32) -> String {
    let r = common::parse_with_year(text, year);
    let mut lines: Vec<String> = r
        .tasks
        .iter()
        .map(|t| {
            format!(
                "task {} {:?}-{:?} | {} {}",
                t.group.as_str(),
                t.horizon_start,
                t.horizon_end,
                t.marker,
                t.heading.as_deref().unwrap_or("-")
            )
        })
        .collect();
    lines.extend(r.targets.iter().map(|q| {
        let task = q
            .task_id
            .as_ref()
            .and_then(|id| r.tasks.iter().find(|t| &t.task_id == id))
            .map_or("-", |t| t.group.as_str());
        format!("target in {task} | {:?} | {}", q.value, q.text)
    }));
    lines.extend(
        r.achievements
            .iter()
            .map(|q| format!("achievement | {:?} | {}", q.value, q.text)),
    );
    lines.join("\n")
}

/// (what the fixture shows, plan year, report text).
const FIXTURES: &[(&str, i32, &str)] = &[
    (
        "安徽省 2006 (省自治区/安徽省/2006.md): a 十一五 part lists the five-year plan's tasks",
        2006,
        "一、2005年工作回顾\n\n全省生产总值增长11.6%。\n\n二、“十一五”发展战略任务\n\n\
         “十一五”经济社会发展的主要任务是：\n\n（一）突出工业强省，推进产业结构优化升级\n\n\
         工业发展不足，工业化水平较低，是我省发展的突出矛盾。\n\n（二）统筹城乡发展，建设社会主义新农村\n\n\
         加快农业结构调整，增加农民收入。\n\n三、2006年重点工作\n\n\
         2006年是实施“十一五”规划的开局之年，做好今年的各项工作，意义重大。为此，重点抓好以下八个方面的工作：\n\n\
         （一）努力保持经济平稳较快增长\n\n加快产业结构调整，培育新的经济增长点。\n\n\
         （二）全面开展社会主义新农村建设\n\n加大对农业的投入。\n",
    ),
    (
        "伊春市 2014 (其他地市/伊春市/2014.md): ten 民生实事 numbered inside the last plan task",
        2014,
        "一、2013年工作回顾\n\n全市地区生产总值增长6.5%。\n\n二、2014年工作安排\n\n\
         （一）稳步推进改革\n\n深化国有林区管理体制改革。\n\n\
         （二）提高民生保障的均衡性、普惠性\n\n完善公共文化服务体系，挖掘森林文化内涵。\n\n\
         本着量力而行、尽力而为的原则，重点办好十件民生实事，让发展成果普惠林区群众。\n\n\
         1、投资10亿元，改造棚户区12330户，新建公租房1500套。\n\n\
         2、投资3000万元，建设市中小学生综合实践基地；免收90%中职学校学生学费。\n\n\
         3、增开伊春区至友好区的公交线路。\n\n三、加强政府自身建设\n\n\
         把党的群众路线教育活动贯穿于作风建设的全过程。\n",
    ),
    (
        "内蒙古自治区 2026 (provinces_2026/2026_内蒙古自治区_政府工作报告.csv): an annex part \
         headed 2026年自治区民生实事",
        2026,
        "各位代表：\n\n现在，我代表自治区人民政府，向大会报告政府工作，请予审议。\n\n\
         一、2025年工作回顾\n\n全区地区生产总值增长5.5%。\n\n二、2026年工作安排\n\n\
         （一）坚定不移扩大内需\n\n实施提振消费专项行动。\n\n（二）坚定不移发展新质生产力\n\n\
         加快传统产业转型升级。\n\n\
         各位代表！我们要拿出跃马扬鞭的勇气，奋力书写中国式现代化内蒙古新篇章！\n\n附件\n\n\
         2026年自治区民生实事\n\n\
         1.通过“以工代赈”发放“三北”工程、高标准农田建设劳务报酬20亿元以上（牵头单位：农牧厅）。\n\n\
         2.实现城镇新增就业18万人以上，发布就业岗位50万个以上（牵头单位：人社厅）。\n\n\
         3.完善提升20个县乡村三级养老服务网络，建成家庭养老床位7000张（牵头单位：民政厅）。\n",
    ),
    (
        "长沙市 2004 (主要城市/长沙市/2004.md): the review heading is lost; the part before \
         今年政府工作的总体要求 reads as review",
        2004,
        "各位代表：\n\n现在，我代表市人民政府向大会报告工作，请予审议。\n\n\
         （一）结构调整取得显著成效，国民经济保持了良好的发展势头。\n\n\
         全年完成国内生产总值928.2亿元（预计数，下同），增长14%；全市财政总收入达100.02亿元，增长32.5%。\n\n\
         （二）基础设施建设快速推进，城乡面貌发生了深刻变化。\n\n\
         全年共完成全社会固定资产投资480.6亿元，增长34.1%。\n\n\
         回顾过去的一年，我们清醒地看到，在发展过程中还存在不少问题和困难。\n\n\
         今年政府工作的总体要求是：深入贯彻落实党的十六大精神。全市国内生产总值增长13%。\n\n\
         按照上述总体要求和工作目标，今年要着力抓好以下八个方面的工作：\n\n\
         （一）突出发展产业集群，全力推进新型工业化进程。要大力发展工业。\n\n\
         （二）着力繁荣农村经济，加快城乡一体化步伐。要始终把农业放在首位。\n",
    ),
];

#[test]
fn list_groups_of_real_reports() {
    let out: Vec<String> = FIXTURES
        .iter()
        .map(|(what, year, text)| format!("## {what}\n{}", render(text, *year)))
        .collect();
    insta::assert_snapshot!("list_groups_of_real_reports", out.join("\n\n"));
}

/// 青岛市 1998 (lawtext 主要城市/青岛市/1998.md, the whole report): the plan year written in
/// Chinese numerals (各位代表，一九九八年是…) ends the five-year context of 今后五年 (“九五”): the
/// year's figures are for 1998, not 1996–2000.
#[test]
fn a_plan_year_in_chinese_numerals_ends_the_five_year_context() {
    let path = common::shared().join("corpus/lawtext/政府工作报告-主要城市/青岛市/1998.md");
    let text = std::fs::read_to_string(&path).expect("青岛 1998 in ../shared/corpus");
    let r = common::parse_with_year(&text, 1998);
    let gdp = r
        .targets
        .iter()
        .find(|q| q.text == "全市国内生产总值增长10%")
        .expect("the GDP target");
    assert_eq!(
        (gdp.value, gdp.horizon_start, gdp.horizon_end, gdp.headline),
        (Some(10.0), Some(1998), Some(1998), true)
    );
}
