"""Synthetic people: Chinese names with their pinyin, and contact data that reaches no one.

Surnames are weighted by how common they are; given names lean female, as the domestic-service
workforce does. Every given-name syllable starts with a consonant (y and w count), so pinyin
needs no apostrophes when syllables are joined.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from ecosystem.seeding.text import table

# (hanzi, pinyin, relative frequency): the commonest surnames, commonest first.
SURNAMES = table(
    "王:Wang:70 李:Li:70 张:Zhang:65 刘:Liu:55 陈:Chen:50 杨:Yang:35 黄:Huang:25 赵:Zhao:22 "
    "吴:Wu:21 周:Zhou:20 徐:Xu:15 孙:Sun:15 马:Ma:13 朱:Zhu:12 胡:Hu:12 郭:Guo:11 何:He:11 "
    "高:Gao:10 林:Lin:10 罗:Luo:9 郑:Zheng:9 梁:Liang:8 谢:Xie:7 宋:Song:6 唐:Tang:6 许:Xu:6 "
    "韩:Han:5 冯:Feng:5 邓:Deng:5 曹:Cao:5 彭:Peng:5 曾:Zeng:5 肖:Xiao:5 田:Tian:4 董:Dong:4 "
    "袁:Yuan:4 潘:Pan:4 于:Yu:4 蒋:Jiang:4 蔡:Cai:4 余:Yu:4 杜:Du:4 叶:Ye:4 程:Cheng:3 "
    "苏:Su:3 魏:Wei:3 吕:Lyu:3 丁:Ding:3 任:Ren:3 沈:Shen:3"
)
SURNAME_WEIGHTS = [int(weight) for *_, weight in SURNAMES]
FEMININE = table(
    "丽:li 芳:fang 敏:min 静:jing 秀:xiu 英:ying 娟:juan 霞:xia 红:hong 燕:yan 梅:mei 玲:ling "
    "萍:ping 婷:ting 雪:xue 慧:hui 琳:lin 洁:jie 倩:qian 欣:xin 悦:yue 春:chun 兰:lan 桂:gui "
    "凤:feng 晓:xiao 珍:zhen 琴:qin 云:yun 莉:li 艳:yan 淑:shu 翠:cui 玉:yu 蓉:rong 薇:wei "
    "晶:jing 雯:wen 露:lu 瑶:yao 思:si 嘉:jia 怡:yi 颖:ying 华:hua"
)
MASCULINE = table(
    "伟:wei 强:qiang 军:jun 磊:lei 勇:yong 杰:jie 涛:tao 明:ming 平:ping 刚:gang 斌:bin 辉:hui "
    "建:jian 国:guo 文:wen 志:zhi 新:xin 立:li 宁:ning 宇:yu 浩:hao 鹏:peng 飞:fei 成:cheng "
    "峰:feng 波:bo 晨:chen 华:hua"
)
FEMALE_SHARE = 0.75
# Mainland mobile numbers start 13–19; 100 is no mobile prefix, so these reach no subscriber.
PHONE_PREFIX = "+86 100"
EMAIL_DOMAINS = ("example.com", "example.org", "example.net")  # reserved by RFC 2606


@dataclass(frozen=True)
class Person:
    name: str  # pinyin, family name first: "Wang Lihua"
    name_zh: str

    def email(self, number: int, rng: random.Random) -> str:
        local = self.name.lower().replace(" ", ".")
        return f"{local}.{number:04d}@{rng.choice(EMAIL_DOMAINS)}"


def person(rng: random.Random, taken: Callable[[str, str], bool] = lambda en, zh: False) -> Person:
    """A name for a sample person; drawn again while `taken` says a real person has it."""
    while True:
        found = _draw(rng)
        if not taken(found.name, found.name_zh):
            return found


def _draw(rng: random.Random) -> Person:
    surname_zh, surname, _ = rng.choices(SURNAMES, weights=SURNAME_WEIGHTS)[0]
    pool = FEMININE if rng.random() < FEMALE_SHARE else MASCULINE
    given = rng.sample(pool, 2 if rng.random() < 0.7 else 1)
    given_zh = "".join(zh for zh, _ in given)
    given_py = "".join(py for _, py in given).capitalize()
    return Person(f"{surname} {given_py}", f"{surname_zh}{given_zh}")


def phone(rng: random.Random) -> str:
    return f"{PHONE_PREFIX} {rng.randrange(10_000):04d} {rng.randrange(10_000):04d}"
