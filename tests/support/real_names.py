"""Names of real bodies and people that no sample record may carry (compiled 2026-12-01).

Written out here, not derived from the code under test: every provincial-level open university
(and the larger city ones), every province's education and human-resources departments, the
national bodies of the sector, and every name in ../shared/sources/. A sample name fails when
one of these is part of it, case aside.
"""

from __future__ import annotations

# The provincial-level divisions in English, their short Chinese names and full names.
DIVISIONS = (
    ("Beijing", "北京", "北京市"), ("Tianjin", "天津", "天津市"), ("Hebei", "河北", "河北省"),
    ("Shanxi", "山西", "山西省"), ("Inner Mongolia", "内蒙古", "内蒙古自治区"),
    ("Liaoning", "辽宁", "辽宁省"), ("Jilin", "吉林", "吉林省"),
    ("Heilongjiang", "黑龙江", "黑龙江省"), ("Shanghai", "上海", "上海市"),
    ("Jiangsu", "江苏", "江苏省"), ("Zhejiang", "浙江", "浙江省"), ("Anhui", "安徽", "安徽省"),
    ("Fujian", "福建", "福建省"), ("Jiangxi", "江西", "江西省"), ("Shandong", "山东", "山东省"),
    ("Henan", "河南", "河南省"), ("Hubei", "湖北", "湖北省"), ("Hunan", "湖南", "湖南省"),
    ("Guangdong", "广东", "广东省"), ("Guangxi", "广西", "广西壮族自治区"),
    ("Hainan", "海南", "海南省"), ("Chongqing", "重庆", "重庆市"), ("Sichuan", "四川", "四川省"),
    ("Guizhou", "贵州", "贵州省"), ("Yunnan", "云南", "云南省"), ("Tibet", "西藏", "西藏自治区"),
    ("Shaanxi", "陕西", "陕西省"), ("Gansu", "甘肃", "甘肃省"), ("Qinghai", "青海", "青海省"),
    ("Ningxia", "宁夏", "宁夏回族自治区"), ("Xinjiang", "新疆", "新疆维吾尔自治区"),
)  # fmt: skip
MUNICIPALITIES = {"Beijing", "Tianjin", "Shanghai", "Chongqing"}
# City open universities (formerly radio and TV universities) of the larger cities.
CITY_OPEN_UNIVERSITIES = (
    ("Guangzhou Open University", "广州开放大学"), ("Shenzhen Open University", "深圳开放大学"),
    ("Xi'an Open University", "西安开放大学"), ("Wuhan Open University", "武汉开放大学"),
    ("Nanjing Open University", "南京开放大学"), ("Chengdu Open University", "成都开放大学"),
    ("Hangzhou Open University", "杭州开放大学"), ("Ningbo Open University", "宁波开放大学"),
    ("Qingdao Open University", "青岛开放大学"), ("Dalian Open University", "大连开放大学"),
    ("Harbin Open University", "哈尔滨开放大学"), ("Suzhou Open University", "苏州开放大学"),
    ("Xinjiang Production and Construction Corps Open University", "兵团开放大学"),
)  # fmt: skip
NATIONAL_BODIES = (
    ("Open University of China", "国家开放大学"),
    ("China Central Radio and TV University", "中央广播电视大学"),
    ("Seniors University of China", "国家老年大学"),
    ("Ministry of Education", "教育部"),
    ("Ministry of Commerce", "商务部"),
    ("Ministry of Human Resources and Social Security", "人力资源和社会保障部"),
    ("National Development and Reform Commission", "国家发展和改革委员会"),
    ("Ministry of Civil Affairs", "民政部"),
    ("National Health Commission", "国家卫生健康委员会"),
    ("China Domestic Services Association", "中国家庭服务业协会"),
    ("China Staff Service", "中国国际技术智力合作集团"),
    ("Standardization Administration of China", "国家标准化管理委员会"),
)  # fmt: skip
# Every name in ../shared/sources/ (people as the sources spell them).
SOURCE_NAMES = (
    "Open University of China Education and Training Centre", "OUC's Education and Training Centre",
    "Department of Trade in Services and Commercial Services",
    "Centre for Social Security Capacity Building", "China Staff Service (Group) Co., Ltd.",
    "National Alliance for Digital-Intelligent Domestic Services Industry-Education Integration",
    "Online Training Programme for Family Service Workers",
    "2023 Key Points to Promote the Quality Enhancement and Expansion of the Family Service "
    "Industry",
    "Internet + University", "Wukesong", "OUCBeijing",
    "Liu Xuanxuan", "Zhu Guangyao", "Wang Qifu", "Zhou Tianming", "Yang Xiaoyan", "Zhang Xiaoying",
)  # fmt: skip


def _departments() -> list[str]:
    names = []
    for english, _, full in DIVISIONS:
        if english in MUNICIPALITIES:
            names += [f"{english} Municipal Education Commission", f"{full}教育委员会",
                      f"{english} Municipal Bureau of Human Resources and Social Security",
                      f"{full}人力资源和社会保障局"]  # fmt: skip
        names += [f"{english} Department of Education", f"{english} Provincial Department of "
                  "Education", f"{full}教育厅",
                  f"{english} Department of Human Resources and Social Security",
                  f"{full}人力资源和社会保障厅", f"{full}人力资源社会保障厅"]  # fmt: skip
    return names


def _open_universities() -> list[str]:
    names = []
    for english, short, _ in DIVISIONS:
        names += [f"{english} Open University", f"{short}开放大学", f"{english} Radio and TV "
                  "University", f"{short}广播电视大学"]  # fmt: skip
    return names + [name for pair in CITY_OPEN_UNIVERSITIES for name in pair]


REAL_NAMES: tuple[str, ...] = (
    *_open_universities(),
    *_departments(),
    *(name for pair in NATIONAL_BODIES for name in pair),
    *SOURCE_NAMES,
)


def real_names_in(text: str) -> list[str]:
    """The real names that are part of `text`, case aside."""
    folded = text.casefold()
    return [name for name in REAL_NAMES if name.casefold() in folded]
