"""Where the synthetic sample puts things: mainland provinces, a few cities each, and weights.

Province names are keys of `domain/provinces.py`; `code` is the GB/T 2260 division code that
local standards carry (DB32/T … is Jiangsu). Weights roughly follow population, so Guangdong
gets more members than Qinghai.
"""

from __future__ import annotations

from dataclasses import dataclass

from ecosystem.domain.provinces import PROVINCES
from ecosystem.seeding.text import table


@dataclass(frozen=True)
class City:
    name: str
    name_zh: str


@dataclass(frozen=True)
class Province:
    name: str
    short_zh: str  # as in 江苏开放大学
    code: str
    weight: int
    cities: tuple[City, ...]

    @property
    def capital(self) -> City:
        return self.cities[0]  # each province's cities are listed capital first

    @property
    def name_zh(self) -> str:
        return PROVINCES[self.name]

    @property
    def municipality(self) -> bool:
        return self.name_zh.endswith("市")


def _province(name: str, short_zh: str, code: str, weight: int, cities: str) -> Province:
    return Province(name, short_zh, code, weight, tuple(City(en, zh) for en, zh in table(cities)))


PLACES: tuple[Province, ...] = (
    _province("Beijing", "北京", "11", 4, "Beijing:北京"),
    _province("Tianjin", "天津", "12", 2, "Tianjin:天津"),
    _province("Hebei", "河北", "13", 3, "Shijiazhuang:石家庄 Baoding:保定 Tangshan:唐山"),
    _province("Shanxi", "山西", "14", 2, "Taiyuan:太原 Datong:大同"),
    _province("Inner Mongolia", "内蒙古", "15", 1, "Hohhot:呼和浩特 Baotou:包头"),
    _province("Liaoning", "辽宁", "21", 2, "Shenyang:沈阳 Dalian:大连"),
    _province("Jilin", "吉林", "22", 1, "Changchun:长春 Jilin:吉林"),
    _province("Heilongjiang", "黑龙江", "23", 1, "Harbin:哈尔滨 Qiqihar:齐齐哈尔"),
    _province("Shanghai", "上海", "31", 3, "Shanghai:上海"),
    _province("Jiangsu", "江苏", "32", 5, "Nanjing:南京 Suzhou:苏州 Wuxi:无锡 Xuzhou:徐州"),
    _province("Zhejiang", "浙江", "33", 4, "Hangzhou:杭州 Ningbo:宁波 Wenzhou:温州"),
    _province("Anhui", "安徽", "34", 3, "Hefei:合肥 Wuhu:芜湖"),
    _province("Fujian", "福建", "35", 3, "Fuzhou:福州 Xiamen:厦门 Quanzhou:泉州"),
    _province("Jiangxi", "江西", "36", 2, "Nanchang:南昌 Ganzhou:赣州"),
    _province("Shandong", "山东", "37", 5, "Jinan:济南 Qingdao:青岛 Yantai:烟台 Weifang:潍坊"),
    _province("Henan", "河南", "41", 4, "Zhengzhou:郑州 Luoyang:洛阳"),
    _province("Hubei", "湖北", "42", 4, "Wuhan:武汉 Yichang:宜昌 Xiangyang:襄阳"),
    _province("Hunan", "湖南", "43", 4, "Changsha:长沙 Zhuzhou:株洲 Hengyang:衡阳"),
    _province(
        "Guangdong", "广东", "44", 5, "Guangzhou:广州 Shenzhen:深圳 Foshan:佛山 Dongguan:东莞"
    ),
    _province("Guangxi", "广西", "45", 2, "Nanning:南宁 Guilin:桂林 Liuzhou:柳州"),
    _province("Hainan", "海南", "46", 1, "Haikou:海口 Sanya:三亚"),
    _province("Chongqing", "重庆", "50", 3, "Chongqing:重庆"),
    _province("Sichuan", "四川", "51", 4, "Chengdu:成都 Mianyang:绵阳 Yibin:宜宾"),
    _province("Guizhou", "贵州", "52", 2, "Guiyang:贵阳 Zunyi:遵义"),
    _province("Yunnan", "云南", "53", 2, "Kunming:昆明 Dali:大理"),
    _province("Tibet", "西藏", "54", 1, "Lhasa:拉萨"),
    _province("Shaanxi", "陕西", "61", 2, "Xi'an:西安 Baoji:宝鸡"),
    _province("Gansu", "甘肃", "62", 1, "Lanzhou:兰州 Tianshui:天水"),
    _province("Qinghai", "青海", "63", 1, "Xining:西宁"),
    _province("Ningxia", "宁夏", "64", 1, "Yinchuan:银川"),
    _province("Xinjiang", "新疆", "65", 1, "Urumqi:乌鲁木齐 Kashgar:喀什"),
)
