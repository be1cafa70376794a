//! Task-list groups, each on a few paragraphs of real report text (copied from
//! `../shared/corpus/lawtext/`, shortened): the sections, the tasks as parsed with their
//! group, years, marker and heading, and the targets inside 民生实事 items, in an insta
//! snapshot. One fixture per rule: a five-year plan's key tasks in its start year, a 民生实事
//! list nested in a plan task, a 民生实事 part of its own, a review whose heading was lost,
//! items numbered like parts (一、) under unnumbered part headings, an annex 民生实事 list
//! numbered 一、 after the parts, 名词解释 endnotes that hold no tasks, and a principles list.

mod common;

fn render(text: &str, year: i32) -> String {
    let r = common::parse_with_year(text, year);
    let mut lines: Vec<String> = r
        .sections
        .iter()
        .map(|s| {
            format!(
                "section {} | {} {}",
                s.group,
                s.marker.as_deref().unwrap_or("-"),
                s.heading.as_deref().unwrap_or("-")
            )
        })
        .collect();
    lines.extend(r.tasks.iter().map(|t| {
        format!(
            "task {} {:?}-{:?} | {} {}",
            t.group.as_str(),
            t.horizon_start,
            t.horizon_end,
            t.marker,
            t.heading.as_deref().unwrap_or("-")
        )
    }));
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
    (
        "东莞市 2015 (主要城市/东莞市/2015.md): unnumbered part headings; the 一、 items of the \
         plan part are its tasks, not top-level parts",
        2015,
        "各位代表：\n\n现在，我代表市人民政府，向大会报告2014年政府工作，请予审议。\n\n\
         **2014年工作回顾**\n\n“看似寻常最奇崛，成如容易却艰辛。”全市生产总值增长7.8%。\n\n\
         **2015年工作安排**\n\n2015年是“十二五”的收官之年。\n\n\
         **围绕以上目标要求，重点做好几方面工作：**\n\n\
         一、以法治思维引领改革发展，提高依法行政和创新发展能力\n\n\
         党的十八届四中全会作出了全面推进依法治国的重大战略部署。\n\n\
         二、实施东莞制造2025战略，建设中国制造样板城市\n\n\
         当前，全球制造业正在迈入数字化、网络化、智能化的新时代。\n\n\
         三、大力发展新技术、新产品、新业态、新模式，增强创新驱动发展能力\n\n\
         加强新型研发机构和科技企业孵化器建设。\n",
    ),
    (
        "中山市 2023 (其他地市/中山市/2023.md): an annex 十件民生实事 numbered 一、 after the \
         numbered parts is a livelihood list, not parts 三、…十、",
        2023,
        "一、2022年工作回顾\n\n（一）疫情防控顺利转段。我们牢固树立人民至上、生命至上理念。\n\n\
         （二）经济运行总体平稳。认真贯彻落实国家和省稳经济一揽子政策。\n\n\
         二、2023年工作安排\n\n\
         （一）坚持以省级改革创新实验区为牵引，积极参与环珠江口100公里“黄金内湾”建设\n\n\
         推进横琴粤澳深度合作区建设。\n\n（二）坚持制造业当家，加快构建现代化产业体系\n\n\
         推进工业技改投资。\n\n\
         各位代表！春风浩荡满目新，砥砺奋进正当时。\n\n附件1\n\n2023年中山市十件民生实事\n\n\
         一、优化学位及教育设施。新增幼儿园规范化学位、公办中小学学位各6000个。\n\n\
         二、提高医保惠民水平。报销待遇再提高。\n\n\
         三、接续推进水环境治理。新建污水管网800公里，修复病害管网30公里。\n",
    ),
    (
        "济南市 2018 (主要城市/济南市/2018.md): an annex 为民办18件实事 whose items restart at \
         一、, and the 《政府工作报告》名词解释 endnotes after it, which hold no tasks",
        2018,
        "一、2017年工作回顾\n\n\
         过去的一年，是济南发展史上极不平凡的一年，也是凝心聚力、攻坚克难的一年。\n\n\
         二、2018年工作安排\n\n\
         2018年是贯彻党的十九大精神的开局之年，是改革开放40周年。\n\n\
         2018年为民办18件实事\n\n\
         一、打通丁字路、瓶颈路27条。打通丁字路、瓶颈路27条，提高路网密度，改善交通拥堵状况。\n\n\
         二、城区山体公园建设和山体绿化提升。开工建设城区山体公园20处。\n\n\
         附件3：\n\n《政府工作报告》名词解释\n\n\
         1、十大千亿级产业：即大数据与新一代信息技术、智能制造与高端装备。\n\n\
         2、“三品一标”：即无公害农产品、绿色食品、有机农产品和农产品地理标志。\n\n\
         3、“城市双修”：即生态修复、城市修补。\n",
    ),
    (
        "山东省 2010 (省自治区/山东省/2010.md): a list led in by 把握好以下原则 is principles, \
         not the key tasks (data/outline_words.tsv not_work 原则)",
        2010,
        "一、2009年工作回顾\n\n全省生产总值增长12.2%。\n\n二、2010年工作安排\n\n\
         实现今年全省经济社会发展目标任务，努力把握好以下原则。\
         第一，切实提高发展的可持续性。把保持经济平稳较快发展与结构调整结合起来。\
         第二，着力增强发展的均衡性。在优化投资结构、保持投资合理增长的同时，抓紧完善和落实扩大消费的制度保障。\n\n\
         （一）加快推进经济发展方式转变\n\n推动经济可持续发展。\n\n\
         （二）大力发展现代农业\n\n增加农民收入。\n",
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
