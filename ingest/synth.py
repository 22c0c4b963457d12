"""Synthetic record batches with planted answers, for tests, demos and load runs.

``synth(out_dir, subjects=N, seed=S, bad_rows=RATE, encodings=...)`` writes every file of the
import contract (shared/contract/records.md) plus ``truth.json``. The bulk is generated with
numpy from pools built once with Faker ``zh_CN`` (names, company words, mobile prefixes), so a
million subjects write in seconds. Codes are valid by construction (USCC, citizen ID and
GTIN-13 check characters from :mod:`graph_model.types`); phones, dates, ratios and addresses
are written in the variant forms real exports use (+86, 年月日, "35%", 十八号, full-width digits).

Planted patterns use *fresh* entities that nothing else in the batch touches, and every base
identifier (phone, address, account) is unique except the planted shared ones and the generic
ones, so the truth is complete as well as correct: a query that finds more than the truth
found something the generator did not plant.

truth.json
----------
All ids use the contract's keys: persons by ``id_number``, companies by ``uscc``, shops as
``platform_id/shop_id``, couriers by ``courier_id``, list entries by ``entry_id``. The batch's own
ids (records ``V<seed>-…``, complaints ``C<seed>-…``, entries ``E<seed>-…``, products ``PD<seed>-…``,
shops ``S<seed>-…``, couriers ``CR<seed>-…``) carry the seed, so batches of different seeds load side
by side; persons, companies and platforms are real-world codes and are not tagged. Dates are
ISO. ``as_of`` is the date every answer holds on (and on any later date, as no planted entry
expires); queries should be run "as of" it.

``{"format": 1, "seed", "subjects", "as_of", "generic_threshold", "counts": {file: rows},
"relationships": int,``

``"reappearances": [...]`` — a black-listed subject's person reappearing in a role created
after the listing. Each: ``basis``, ``person`` (id_number), ``listed`` ``{kind, id}`` (the
black-listed subject), ``entry_id``, ``listed_at``, ``entity`` ``{kind: company|shop, id}``,
``since`` (when the reappearance began), and by basis:

- ``direct_role``: the listed person became ``role`` (法定代表人/董事/经理/…) of a company
  registered after the listing.
- ``shop_operator``: the listed person opened a shop (operator_kind person) after the listing.
- ``reopened_shop``: a black-listed shop's individual operator opened another shop after the
  listing (``listed`` is the old shop).
- ``shareholding``: the listed person controls a company formed after the listing through a
  holding ≥ 50 % or as its largest holder, with a ``nominee`` (id_number) as legal
  representative; ``ratio`` given.
- ``shared_identifier``: a ``nominee`` sharing an ``identifier`` ``{kind: phone|address|
  account, value}`` with the listed person became legal representative after the listing
  (``role``). The shared values are written in different forms that normalise alike.
- ``responsible_person``: the legal representative or an officer (``role_at_listing``) of a
  company at the time it was black-listed took a role (``role``) at another company after.

Every reappearance is barred by one of its entry's own measures (docs/rules.md); a listed
person whose measures do not bar the role taken is a decoy (``measure_does_not_bar``).

``"barred_roles": [...]`` — every tie a black-listed person or company holds on ``as_of`` that
one of its entry's measures bars, whenever it began: ``subject`` ``{kind, id}``, ``entry_id``,
``listed_at``, ``entity`` ``{kind: company|shop|platform, id}`` (for a courier service, the
platform or shop served), ``role``, ``measure``, ``since``, ``began`` (after_listing |
before_listing). ``"barred_role_decoys": [...]`` — ties of listed subjects that are not barred:
``shape`` (ended_on_listing, ended_before_listing, ended_before_as_of, measure_does_not_bar,
not_new, shop_closed_before_listing, service_ended), ``subject``, ``entry_id``, ``entity``, ``why``.

``"courier_bans": [...]`` — a courier black-listed with measure 限制入驻平台 (``listed`` is the
courier, or its operating company) still serving ``entity`` ``{kind: platform|shop, id}``
after ``listed_at``; with ``courier``, ``entry_id``, ``since``, ``until`` (empty = ongoing).

``"rings": [...]`` — every connected group of ≥ 2 subjects linked by shared identifiers
(identifiers held by at most ``generic_threshold`` subjects) that contains a subject with an
active black-list entry or violation: ``members`` ``[{kind, id}]``, ``identifiers``
``[{kind, value, holders: [{kind, id}]}]``, ``flagged`` ``[{kind, id, via: black|violation,
ref: entry_id|record_id}]``, ``pattern`` (ring | nominee).

``"generic_identifiers": [...]`` — identifiers shared by more than the threshold (a
customer-service phone, an e-commerce park address): ``{kind, value, holders: int,
includes_flagged: bool}``. Rings must not be formed through them.

``"decoys": [...]`` — shapes like the patterns that must NOT be found: ``shape`` (expired,
repaired, red_list, role_before_listing, same_name, left_before_listing, courier_stopped,
removed_shared_identifier, measure_does_not_bar), ``person``/``courier``, ``entry_id``, ``entity``, ``why``.

``"bad_rows": [...]`` — rows that break the contract: ``file``, ``line`` (physical line,
header = 1), ``column``, ``reason`` (the reject code: bad_check_char, bad_format, bad_date,
bad_enum, bad_ratio, missing, bad_region, bad_phone, bad_number, bad_boolean,
bad_birth_date, bad_reference).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from creditgraph.graph_model import types as T
from creditgraph.ingest.records.models import FILES

from .synth_credit import credit_patterns, fill_complaint_handling

AS_OF = dt.date(2026, 6, 30)
EPOCH = dt.date(1970, 1, 1)
GENERIC_THRESHOLD = 20
#: Subjects generated (and written) at a time: a province-sized batch needs the memory of one chunk.
CHUNK_SUBJECTS = 1_000_000
MIXED_ENCODINGS = {"companies.csv": "gb18030", "violations.csv": "gb18030", "persons.csv": "utf-8-sig"}

# Columns of every file, in the contract's order: read from the models, the one place they live.
COLUMNS: dict[str, list[str]] = {name: list(spec.model.model_fields) for name, spec in FILES.items()}
RELATIONSHIP_FILES = ("roles.csv", "shareholdings.csv", "accounts.csv", "shipping.csv", "listings.csv")

# (code, county, city, city code): divisions the jurisdictions resource knows, so addresses normalise.
COUNTIES = [
    ("320205", "锡山区", "无锡市", "320200"),
    ("320206", "惠山区", "无锡市", "320200"),
    ("320211", "滨湖区", "无锡市", "320200"),
    ("320213", "梁溪区", "无锡市", "320200"),
    ("320214", "新吴区", "无锡市", "320200"),
    ("320281", "江阴市", "无锡市", "320200"),
    ("320282", "宜兴市", "无锡市", "320200"),
    ("320402", "天宁区", "常州市", "320400"),
    ("320404", "钟楼区", "常州市", "320400"),
    ("320411", "新北区", "常州市", "320400"),
    ("320412", "武进区", "常州市", "320400"),
    ("320413", "金坛区", "常州市", "320400"),
    ("320481", "溧阳市", "常州市", "320400"),
    ("320703", "连云区", "连云港市", "320700"),
    ("320706", "海州区", "连云港市", "320700"),
    ("320707", "赣榆区", "连云港市", "320700"),
    ("320722", "东海县", "连云港市", "320700"),
    ("320723", "灌云县", "连云港市", "320700"),
    ("320724", "灌南县", "连云港市", "320700"),
]
TOWNS = [
    "湖塘",
    "牛塘",
    "礼嘉",
    "洛阳",
    "雪堰",
    "前黄",
    "横林",
    "横山桥",
    "邹区",
    "奔牛",
    "罗溪",
    "薛家",
    "华士",
    "新桥",
    "徐霞客",
    "璜土",
    "月城",
    "青阳",
    "祝塘",
    "长泾",
    "顾山",
    "周庄",
    "南闸",
    "云亭",
    "丁蜀",
    "和桥",
    "高塍",
    "宋庄",
    "白塔埠",
    "青口",
    "海头",
    "墩尚",
    "板浦",
    "伊山",
    "新安",
    "堆沟港",
    "东王集",
    "汤庄",
]
# Road stems never begin with an administrative suffix character (市/区/县/镇/乡/街).
ROAD_STEMS = [
    "人民",
    "解放",
    "中山",
    "延陵",
    "青年",
    "和平",
    "长江",
    "黄河",
    "太湖",
    "东方",
    "建设",
    "光明",
    "龙城",
    "府前",
    "花园",
    "文化",
    "健康",
    "友谊",
    "胜利",
    "新华",
    "工业",
    "科技",
    "创业",
    "振兴",
    "迎宾",
    "滨江",
    "丽华",
    "永宁",
    "劳动",
    "常澄",
    "澄江",
    "虹桥",
    "兴业",
    "朝阳",
    "晋陵",
    "飞龙",
    "武宜",
    "阳湖",
]
ROAD_SUFFIXES = ["路", "路", "大道", "东路", "西路", "南路", "北路", "中路", "街"]
INDUSTRIES = [
    "科技",
    "贸易",
    "电子商务",
    "食品",
    "物流",
    "网络",
    "信息",
    "医药",
    "服装",
    "农业",
    "机械",
    "电子",
    "建材",
    "化工",
    "纺织",
    "家居",
    "母婴",
    "日化",
    "供应链",
    "文化传媒",
    "餐饮管理",
    "健康管理",
    "生物",
    "新材料",
    "环保",
    "汽配",
    "五金",
    "包装",
    "印务",
    "酒业",
]
LEGAL_FORMS = ["有限公司", "有限公司", "有限责任公司", "股份有限公司", "商贸有限公司"]
COMPANY_KINDS = ["有限责任公司", "有限责任公司(自然人独资)", "股份有限公司", "个人独资企业", "合伙企业"]
STATUSES = ["存续", "在业", "注销", "吊销", "迁出"]
OFFICER_ROLES = ["董事", "监事", "经理", "高级管理人员", "负责人"]
BANKS = [
    "中国工商银行",
    "中国农业银行",
    "中国银行",
    "中国建设银行",
    "交通银行",
    "江苏银行",
    "江南农村商业银行",
]
PLATFORMS = [
    ("PF01", "淘宝网", "https://www.taobao.com"),
    ("PF02", "京东商城", "https://www.jd.com"),
    ("PF03", "拼多多", "https://www.pinduoduo.com"),
    ("PF04", "抖音电商", "https://www.douyin.com"),
    ("PF05", "快手小店", "https://www.kuaishou.com"),
    ("PF06", "美团优选", "https://www.meituan.com"),
]
COURIER_NAMES = [
    "顺丰速运",
    "中通快递",
    "圆通速递",
    "韵达快递",
    "申通快递",
    "极兔速递",
    "德邦快递",
    "中国邮政EMS",
]
CATEGORIES = [
    "食品",
    "保健食品",
    "婴配食品",
    "药品",
    "医疗器械",
    "化妆品",
    "农产品",
    "日用消费品",
    "特种设备",
    "危险品",
    "其他",
]
PRODUCT_WORDS = {
    "食品": ["手工麻花", "芝麻糖", "牛肉干", "酱菜", "大米", "挂面"],
    "保健食品": ["维生素C片", "鱼油软胶囊", "蛋白粉", "钙片"],
    "婴配食品": ["婴儿配方奶粉", "较大婴儿配方奶粉", "米粉"],
    "药品": ["感冒灵颗粒", "布洛芬缓释胶囊", "板蓝根颗粒"],
    "医疗器械": ["医用口罩", "血压计", "血糖试纸", "体温计"],
    "化妆品": ["保湿面霜", "防晒乳", "洗面奶", "口红"],
    "农产品": ["阳山水蜜桃", "溧阳白茶", "大闸蟹", "青虾"],
    "日用消费品": ["电热水壶", "儿童玩具", "毛巾", "插线板", "雨伞"],
    "特种设备": ["燃气热水器", "压力锅", "电梯配件"],
    "危险品": ["打火机气体", "油漆稀释剂", "酒精消毒液"],
    "其他": ["手机壳", "数据线", "文具套装"],
}
VIOLATION_TYPES = [
    "恶意刷单",
    "虚假流量",
    "图物不符",
    "假冒伪劣",
    "价格欺诈",
    "恶意评价",
    "制假售假",
    "以次充好",
    "虚假宣传",
    "恶意欺诈",
    "服务违约",
    "恐吓威胁",
    "偷逃税款",
    "空包裹代发",
    "泄露个人信息",
    "出售禁售品",
    "商品侵权",
    "信用炒作",
    "哄抬价格",
    "承诺不符",
    "虚假报告",
]
FREE_TEXT_VIOLATIONS = ["刷好评", "刷单炒信", "卖假货", "虚假发货", "组织职业差评", "虚标原价"]
# (name as written, jurisdiction, in use until): 工商局 names gave way to 市场监管 in 2018-2019.
AGENCIES_OLD = [
    ("常州市工商局", "320400"),
    ("常州市工商行政管理局", "320400"),
    ("江阴市工商行政管理局", "320281"),
    ("江苏省工商行政管理局", "320000"),
    ("武进区工商局", "320412"),
    ("常州市食品药品监督管理局", "320400"),
]
AGENCIES_NEW = [
    ("市市场监管局", "320400"),
    ("常州市市场监督管理局", "320400"),
    ("江阴市市场监督管理局", "320281"),
    ("连云港市市场监督管理局", "320700"),
    ("江苏省市场监督管理局", "320000"),
    ("武进区市场监督管理局", "320412"),
    ("无锡市市场监督管理局", "320200"),
    ("常州市邮政管理局", "320400"),
    ("国家税务总局常州市税务局", "320400"),
    ("常州市商务局", "320400"),
]
SOURCES = ["行政处罚", "投诉举报", "抽检", "平台报送", "司法判决"]
SEVERITIES = ["一般", "较重", "严重"]
CHANNELS = ["12345", "12315", "12312", "12318", "12358", "12365", "12331", "平台"]
COMPLAINT_CATEGORIES = ["商品质量", "虚假宣传", "售后服务", "价格", "快递服务", "食品安全", "个人信息"]
INTERMEDIARY_CATEGORIES = ["设计咨询", "鉴证技术", "评估", "审计", "招投标代理", "其他"]
PERSON_MEASURES = ["限制担任法定代表人", "限制担任董监高", "市场禁入"]
SHOP_MEASURES = ["屏蔽或关闭店铺", "限制入驻平台"]
OTHER_REGIONS = ["110101", "310104", "330106", "340102", "370102", "410105", "420106", "510104", "440305"]


def chunk_sizes(subjects: int, chunk: int = CHUNK_SUBJECTS) -> list[int]:
    """``subjects`` split into as few near-equal chunks of at most ``chunk`` as possible."""
    k = max(1, math.ceil(subjects / chunk))
    return [subjects // k + (1 if i < subjects % k else 0) for i in range(k)]


def _days(d: dt.date) -> int:
    return (d - EPOCH).days


def _date(days: int) -> dt.date:
    return EPOCH + dt.timedelta(days=int(days))


# --------------------------------------------------------------------------------------------
# Vectorised codes


def _check_chars(bodies: np.ndarray, charset: str, weights: tuple[int, ...], modulus: int, table: str) -> Any:
    """Vectorised weighted-sum check characters (USCC: mod 31; citizen ID: mod 11)."""
    width = len(weights)
    cp = np.asarray(bodies, dtype=f"<U{width}").view(np.uint32).reshape(len(bodies), width)
    lut = np.full(128, 0, dtype=np.int64)
    for i, c in enumerate(charset):
        lut[ord(c)] = i
    total = (lut[cp] * np.array(weights)).sum(axis=1) % modulus
    return np.array(list(table), dtype=object)[total]


def _digits_str(values: np.ndarray, width: int) -> np.ndarray:
    """Non-negative integers as zero-padded strings of ``width`` digits (vectorised)."""
    return np.char.zfill(np.asarray(values, dtype=np.int64).astype(f"<U{width}"), width)


def uscc_codes(regions: np.ndarray, serials: np.ndarray) -> np.ndarray:
    """Valid USCCs ``91`` + division + 9-digit serial + check character."""
    num = 91 * 10**15 + np.asarray(regions).astype(np.int64) * 10**9 + np.asarray(serials, dtype=np.int64)
    bodies = num.astype("<U17")
    table = "".join(T.USCC_CHARSET[(31 - k) % 31] for k in range(31))
    return bodies.astype(object) + _check_chars(bodies, T.USCC_CHARSET, T.USCC_WEIGHTS, 31, table)


def citizen_ids(regions: np.ndarray, births: np.ndarray, seqs: np.ndarray) -> np.ndarray:
    """Valid citizen IDs from division codes, birth days (since 1970) and 3-digit sequences."""
    d = np.asarray(births).astype("datetime64[D]")
    y = d.astype("datetime64[Y]").astype(np.int64) + 1970
    m = (d.astype("datetime64[M]") - d.astype("datetime64[Y]")).astype(np.int64) + 1
    day = (d - d.astype("datetime64[M]")).astype(np.int64) + 1
    ymd = y * 10000 + m * 100 + day
    num = np.asarray(regions).astype(np.int64) * 10**11 + ymd * 1000 + np.asarray(seqs, dtype=np.int64)
    bodies = num.astype("<U17")
    return bodies.astype(object) + _check_chars(bodies, "0123456789", T.ID_WEIGHTS, 11, T.ID_CHECK)


def gtin_codes(serials: np.ndarray) -> np.ndarray:
    bodies = (69 * 10**10 + np.asarray(serials, dtype=np.int64)).astype("<U12")
    cp = bodies.view(np.uint32).reshape(len(bodies), 12).astype(np.int64) - 48
    total = (cp * np.tile([1, 3], 6)).sum(axis=1)
    return bodies.astype(object) + ((10 - total % 10) % 10).astype("<U1").astype(object)


def _bijection(idx: np.ndarray, modulus: int, salt: int) -> np.ndarray:
    """Distinct indexes → distinct, scattered serials below ``modulus`` (a power of ten)."""
    return (idx.astype(np.int64) * 387_420_489 + salt) % modulus


# --------------------------------------------------------------------------------------------
# The generator

Table = dict[str, np.ndarray]  # a file as columns of object arrays (pandas would re-infer strings)


def _rows(table: Table) -> int:
    return len(next(iter(table.values())))


def _table(columns: Mapping[str, Any]) -> Table:
    """Columns as object arrays of equal length; scalars are broadcast."""
    n = next(len(v) for v in columns.values() if not isinstance(v, str))
    out: Table = {}
    for c, v in columns.items():
        if isinstance(v, str):
            out[c] = np.full(n, v, dtype=object)
        else:
            out[c] = (
                np.asarray(v, dtype=object) if not isinstance(v, np.ndarray) else v.astype(object, copy=False)
            )
    return out


@dataclass
class _Pools:
    surnames: np.ndarray
    surname_p: np.ndarray
    given: np.ndarray
    company_words: np.ndarray
    mobile_prefixes: np.ndarray


def _pools(seed: int) -> _Pools:
    from faker import Faker

    fake = Faker("zh_CN")
    fake.seed_instance(seed)
    person = fake.provider("faker.providers.person")
    last = person.last_names
    surnames = np.array(list(last.keys()), dtype=object)
    weights = np.array(list(last.values()), dtype=float)
    given = np.array(sorted(set(person.first_names)), dtype=object)
    company = fake.provider("faker.providers.company")
    words = np.array(sorted(set(company.company_prefixes)), dtype=object)
    phone = fake.provider("faker.providers.phone_number")
    prefixes = np.array([str(p) for p in phone.phonenumber_prefixes], dtype=object)
    return _Pools(surnames, weights / weights.sum(), given, words, prefixes)


@dataclass
class _Ids:
    """Allocators for identifiers that must never collide."""

    person: int = 0
    company: int = 0
    phone: int = 0
    address: int = 0
    account: int = 0
    shop: int = 0
    entry: int = 0
    violation: int = 0
    courier: int = 0
    product: int = 0
    complaint: int = 0


@dataclass
class Synth:
    subjects: int
    seed: int
    chunk_subjects: int = CHUNK_SUBJECTS
    rng: np.random.Generator = field(init=False)
    pools: _Pools = field(init=False)
    ids: _Ids = field(default_factory=_Ids)
    parts: dict[str, list[Table]] = field(default_factory=dict)
    rows: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    truth: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    stock: dict[str, list[Any]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.rng = np.random.default_rng(self.seed)
        self.pools = _pools(self.seed)
        for f in COLUMNS:
            self.parts[f] = []
            self.rows[f] = []
        for k in (
            "reappearances",
            "courier_bans",
            "rings",
            "generic_identifiers",
            "decoys",
            "barred_roles",
            "barred_role_decoys",
            "bad_rows",
        ):
            self.truth[k] = []

    # ---- value pools -----------------------------------------------------------------------

    def names(self, n: int) -> np.ndarray:
        r = self.rng
        sur = r.choice(self.pools.surnames, n, p=self.pools.surname_p)
        g1 = r.choice(self.pools.given, n)
        g2 = r.choice(self.pools.given, n)
        two = r.random(n) < 0.6
        return np.where(two, sur + g1 + g2, sur + g1)

    def company_names(self, n: int, counties: np.ndarray) -> np.ndarray:
        r = self.rng
        city = np.array([c[2] for c in COUNTIES], dtype=object)[counties]
        word = r.choice(self.pools.company_words, n)
        ind = r.choice(np.array(INDUSTRIES, dtype=object), n)
        form = r.choice(np.array(LEGAL_FORMS, dtype=object), n)
        return city + word + ind + form

    def sid(self, kind: str, n: int, width: int) -> str:
        """A batch-scoped id, ``V1-000000392``: the seed is part of it, so batches of different seeds
        loaded into one graph never share a record, entry, product, shop or courier (the same seed
        reproduces the same ids, so reloading a batch updates it rather than adding a copy)."""
        return f"{kind}{self.seed}-{n:0{width}d}"

    def phones(self, n: int, landline_share: float = 0.0) -> np.ndarray:
        """Unique numbers, about one in five written with +86, spaces, dashes or parentheses."""
        r = self.rng
        idx = np.arange(self.ids.phone, self.ids.phone + n)
        self.ids.phone += n
        serial = _bijection(idx, 10**8, 12_345_677)
        pre = r.choice(self.pools.mobile_prefixes.astype(np.int64), n)
        mobile = (pre * 10**8 + serial).astype("<U11").astype(object)
        land = "0" + (519 * 10**8 + serial).astype("<U11").astype(object)
        canonical = np.where(r.random(n) < landline_share, land, mobile)
        return self.phone_forms(canonical)

    def phone_forms(self, canonical: np.ndarray) -> np.ndarray:
        r = self.rng
        out = canonical.copy()
        form = r.random(len(out))
        for i in np.flatnonzero(form < 0.2):
            out[i] = _phone_variant(out[i], int(form[i] * 20))
        return out

    def address_parts(self, n: int) -> tuple[np.ndarray, ...]:
        """(town, road, number, room) of ``n`` places no other call will produce again.

        Uniqueness does not depend on the county, so any county may be paired with them.
        """
        idx = np.arange(self.ids.address, self.ids.address + n)
        self.ids.address += n
        comp = _bijection(idx, 10**9, 7_654_321)
        nt, ns, nf = len(TOWNS), len(ROAD_STEMS), len(ROAD_SUFFIXES)
        town = comp % nt
        stem = (comp // nt) % ns
        suffix = (comp // (nt * ns)) % nf
        number = (comp // (nt * ns * nf)) % 998 + 1
        room = comp // (nt * ns * nf * 998)
        return town, stem * nf + suffix, number, room

    def addresses(self, n: int, counties: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Unique addresses (and their county index), in canonical and variant written forms."""
        r = self.rng
        town, road, number, room = self.address_parts(n)
        if counties is None:
            counties = r.integers(0, len(COUNTIES), n)
        nf = len(ROAD_SUFFIXES)
        district = np.array([c[1] for c in COUNTIES], dtype=object)[counties]
        city = np.array([c[2] for c in COUNTIES], dtype=object)[counties]
        town_s = np.array(TOWNS, dtype=object)[town]
        road_s = (
            np.array(ROAD_STEMS, dtype=object)[road // nf] + np.array(ROAD_SUFFIXES, dtype=object)[road % nf]
        )
        num_s = number.astype("<U3").astype(object)
        room_s = np.where(room > 0, room.astype("<U6").astype(object) + "室", "")
        full = city + district + town_s + "镇" + road_s + num_s + "号" + room_s
        form = r.random(n)
        out = np.where(form < 0.6, "江苏省" + full, full)
        for i in np.flatnonzero(form >= 0.8):
            parts = (int(counties[i]), town_s[i], road_s[i], int(number[i]), int(room[i]))
            out[i] = address_text(*parts, "short" if form[i] < 0.9 else "numerals")
        return out, counties

    def address_forms(self, forms: tuple[str, ...]) -> list[str]:
        """One fresh address written in each of ``forms`` (all normalise to one key)."""
        town, road, number, room = (int(a[0]) for a in self.address_parts(1))
        county = int(self.rng.integers(0, len(COUNTIES)))
        nf = len(ROAD_SUFFIXES)
        road_s = ROAD_STEMS[road // nf] + ROAD_SUFFIXES[road % nf]
        return [address_text(county, TOWNS[town], road_s, number, room, f) for f in forms]

    def dates(self, days: np.ndarray, variant: float = 0.1) -> np.ndarray:
        """ISO dates, some as YYYY/MM/DD or YYYY年MM月DD日; negative days = empty."""
        days = np.asarray(days, dtype=np.int64)
        iso = np.datetime_as_string(days.astype("datetime64[D]")).astype("<U10")
        s = iso.astype(object)
        s[days < 0] = ""
        pick = np.flatnonzero((self.rng.random(len(s)) < variant) & (days >= 0))
        if len(pick):
            chars = iso[pick].view("<U1").reshape(len(pick), 10)
            y = chars[:, :4].copy().view("<U4").ravel().astype(object)
            m = chars[:, 5:7].copy().view("<U2").ravel().astype(object)
            d = chars[:, 8:10].copy().view("<U2").ravel().astype(object)
            s[pick] = np.where(pick % 2 == 1, y + "/" + m + "/" + d, y + "年" + m + "月" + d + "日")
        return s

    def day_between(self, lo: dt.date | int, hi: dt.date | int, n: int) -> np.ndarray:
        lo_d = _days(lo) if isinstance(lo, dt.date) else lo
        hi_d = _days(hi) if isinstance(hi, dt.date) else hi
        return self.rng.integers(lo_d, max(hi_d, lo_d + 1), n)

    def person_ids(self, n: int) -> np.ndarray:
        idx = np.arange(self.ids.person, self.ids.person + n)
        self.ids.person += n
        span = _days(dt.date(2004, 12, 31)) - _days(dt.date(1955, 1, 1))
        scrambled = _bijection(idx, 10**9, 99_991)
        births = _days(dt.date(1955, 1, 1)) + scrambled % span
        seqs = (scrambled // span) % 1000
        regions = np.array([c[0] for c in COUNTIES] + OTHER_REGIONS, dtype=object)
        reg = regions[self.rng.integers(0, len(regions), n)]
        return citizen_ids(reg, births, seqs)

    def company_ids(self, counties: np.ndarray) -> np.ndarray:
        n = len(counties)
        idx = np.arange(self.ids.company, self.ids.company + n)
        self.ids.company += n
        regions = np.array([c[0] for c in COUNTIES], dtype=object)[counties]
        return uscc_codes(regions, _bijection(idx, 10**9, 424_242))

    def accounts(self, n: int) -> np.ndarray:
        idx = np.arange(self.ids.account, self.ids.account + n)
        self.ids.account += n
        serial = _bijection(idx, 10**12, 31_415_927)
        out = (6222 * 10**12 + serial).astype("<U16").astype(object)
        for i in np.flatnonzero(self.rng.random(n) < 0.15):
            a = out[i]
            out[i] = f"{a[:4]} {a[4:8]} {a[8:12]} {a[12:]}"
        return out

    def add(self, file: str, frame: Table) -> None:
        self.parts[file].append(frame)

    def row(self, file: str, **values: Any) -> None:
        self.rows[file].append({k: "" if v is None else str(v) for k, v in values.items()})

    # ---- base population --------------------------------------------------------------------

    def base(self, flush: Callable[[dict[str, Table]], None] | None = None) -> None:
        """The base population in chunks of at most :data:`CHUNK_SUBJECTS` subjects.

        Every chunk but the last is handed to ``flush`` (which writes it) and dropped, so a
        province-sized batch needs the memory of one chunk; the last chunk stays for the planted
        patterns, which draw on it. A batch of one chunk (up to a million subjects) is the batch
        a single pass made before chunking, draw for draw."""
        sizes = chunk_sizes(self.subjects, self.chunk_subjects)
        for i, n in enumerate(sizes):
            last = i == len(sizes) - 1
            self.chunk_index = i
            self._base_chunk(n, first=i == 0, last=last)
            if not last and flush is not None:
                fill_complaint_handling(self, AS_OF)  # before the chunk's complaints are written
                flush(self.frames())
                self.parts = {f: [] for f in COLUMNS}

    def _base_chunk(self, N: int, *, first: bool, last: bool) -> None:
        """One chunk of ``N`` subjects: platforms and couriers come with the first, the generic
        phone and address with the last (the patterns' chunk); ids run on across chunks."""
        r = self.rng
        self.chunk = N
        self.n_platforms = len(PLATFORMS)
        if first:
            self.n_couriers = max(len(COURIER_NAMES), min(60, self.subjects // 20_000 + len(COURIER_NAMES)))
        n_shops = max(100, int(0.2 * N))
        n_comp = max(60, int(0.28 * N))
        n_pers = max(80, N - n_comp - n_shops - self.n_platforms - self.n_couriers)

        # companies
        counties = r.integers(0, len(COUNTIES), n_comp)
        uscc = self.company_ids(counties)
        reg_days = self.day_between(dt.date(2000, 1, 1), dt.date(2025, 12, 31), n_comp)
        addr, _ = self.addresses(n_comp, counties)
        phone = self.phones(n_comp, landline_share=0.5)
        phone[r.random(n_comp) < 0.1] = ""
        juris = np.array([c[0] for c in COUNTIES], dtype=object)[counties]
        city_level = r.random(n_comp) < 0.2
        juris[city_level] = np.array([c[3] for c in COUNTIES], dtype=object)[counties[city_level]]
        status = r.choice(np.array(STATUSES, dtype=object), n_comp, p=[0.55, 0.3, 0.1, 0.04, 0.01])
        self.companies = _table(
            {
                "uscc": uscc,
                "name": self.company_names(n_comp, counties),
                "kind": r.choice(np.array(COMPANY_KINDS, dtype=object), n_comp),
                "registered_at": self.dates(reg_days),
                "status": status,
                "address": addr,
                "phone": phone,
                "jurisdiction": juris,
            }
        )
        self.add("companies.csv", self.companies)
        self.company_reg = reg_days

        # persons
        pid = self.person_ids(n_pers)
        paddr, _ = self.addresses(n_pers)
        paddr[r.random(n_pers) < 0.4] = ""
        pphone = self.phones(n_pers)
        pphone[r.random(n_pers) < 0.3] = ""
        self.persons = _table(
            {"id_number": pid, "name": self.names(n_pers), "phone": pphone, "address": paddr}
        )
        self.add("persons.csv", self.persons)

        # roles: one legal representative per company plus officers; persons heavy-tailed
        n_off = r.poisson(1.5, n_comp)
        n_roles = n_comp + int(n_off.sum())
        role_company = np.concatenate([np.arange(n_comp), np.repeat(np.arange(n_comp), n_off)])
        role_name = np.concatenate(
            [
                np.full(n_comp, "法定代表人", dtype=object),
                r.choice(np.array(OFFICER_ROLES, dtype=object), n_roles - n_comp),
            ]
        )
        # Most persons hold one role, a few dozens: Zipf counts, as many persons as the roles need.
        counts = np.minimum(r.zipf(2.3, n_pers), 80)
        holders_pool = min(int(np.searchsorted(np.cumsum(counts), n_roles)) + 1, int(n_pers * 0.8))
        slots = np.repeat(np.arange(holders_pool), counts[:holders_pool])
        while len(slots) < n_roles:  # only when persons are scarce (tiny batches)
            slots = np.concatenate([slots, np.arange(holders_pool)])
        slots = r.permutation(slots[:n_roles])
        since = self.company_reg[role_company] + r.integers(0, 400, n_roles)
        left = r.random(n_roles) < 0.15
        until = np.where(left, since + r.integers(200, 3000, n_roles), -1)
        until = np.where(until > _days(AS_OF), -1, until)
        self.role_company, self.role_person, self.role_name = role_company, slots, role_name
        self.add(
            "roles.csv",
            _table(
                {
                    "company_uscc": uscc[role_company],
                    "person_id_number": pid[slots],
                    "role": role_name,
                    "since": self.dates(since),
                    "until": self.dates(until),
                }
            ),
        )

        # shareholdings: the legal representative, sometimes a parent company
        legal = slots[:n_comp]
        ratio_p = r.uniform(0.3, 1.0, n_comp).round(2)
        has_parent = r.random(n_comp) < 0.35
        parent = r.integers(0, n_comp, n_comp)
        has_parent &= parent != np.arange(n_comp)
        ratio_p[has_parent] = np.minimum(ratio_p[has_parent], 0.6)
        sh_company = np.concatenate([np.arange(n_comp), np.flatnonzero(has_parent)])
        sh_kind = np.concatenate(
            [np.full(n_comp, "person", object), np.full(int(has_parent.sum()), "company", object)]
        )
        sh_holder = np.concatenate([pid[legal], uscc[parent[has_parent]]])
        sh_ratio = np.concatenate([ratio_p, (1 - ratio_p[has_parent]).round(2)])
        ratio_txt = np.array([f"{x:.2f}" for x in sh_ratio], dtype=object)
        pct = r.random(len(ratio_txt)) < 0.3
        ratio_txt[pct] = np.array([f"{round(x * 100)}%" for x in sh_ratio[pct]], dtype=object)
        self.add(
            "shareholdings.csv",
            _table(
                {
                    "company_uscc": uscc[sh_company],
                    "holder_kind": sh_kind,
                    "holder_id": sh_holder,
                    "ratio": ratio_txt,
                    "since": self.dates(self.company_reg[sh_company]),
                    "until": "",
                }
            ),
        )
        self.parent_holder = np.zeros(n_comp, bool)
        self.parent_holder[parent[has_parent]] = True

        # platforms: operated by the first companies (of the first chunk)
        if first:
            self._platforms_and_couriers(uscc)
        nc = self.n_couriers

        # shops: individual sellers (heavy-tailed) and companies; a generic phone and address
        platform_p = np.array([0.3, 0.25, 0.2, 0.12, 0.08, 0.05])
        plat = r.choice(np.array([p[0] for p in PLATFORMS], dtype=object), n_shops, p=platform_p)
        shop0 = self.ids.shop
        shop_ids = np.array([self.sid("S", i, 8) for i in range(shop0, shop0 + n_shops)], dtype=object)
        self.ids.shop = shop0 + n_shops
        by_person = r.random(n_shops) < 0.6
        seller_pool = np.arange(holders_pool, n_pers)  # persons without roles
        seller_counts = np.minimum(r.zipf(2.8, len(seller_pool)), 12)
        seller_slots = r.permutation(np.repeat(seller_pool, seller_counts))
        n_by_person = int(by_person.sum())
        while len(seller_slots) < n_by_person:
            seller_slots = np.concatenate([seller_slots, seller_pool])
        op_person = seller_slots[:n_by_person]
        op_company = r.integers(self.n_platforms + nc, n_comp, n_shops - n_by_person)
        op_kind = np.where(by_person, "person", "company").astype(object)
        op_id = np.empty(n_shops, dtype=object)
        op_id[by_person] = pid[op_person]
        op_id[~by_person] = uscc[op_company]
        opened = self.day_between(dt.date(2012, 1, 1), dt.date(2026, 3, 31), n_shops)
        closed = np.where(r.random(n_shops) < 0.1, opened + r.integers(60, 2000, n_shops), -1)
        closed = np.where(closed > _days(AS_OF), -1, closed)
        sphone = self.phones(n_shops)
        saddr, _ = self.addresses(n_shops)
        saddr[r.random(n_shops) < 0.5] = ""
        if last:  # the generic phone and address: on the patterns' chunk (generic_truth reads its shops)
            gen = min(60, n_shops // 2)
            generic_rows = r.choice(n_shops, gen, replace=False)
            generic_phone = "400-826-" + f"{self.seed % 10_000:04d}"
            sphone[generic_rows] = generic_phone
            park_rows = r.choice(
                np.setdiff1d(np.arange(n_shops), generic_rows), min(45, n_shops // 3), replace=False
            )
            park = "常州市武进区湖塘镇电子商务产业园1号"
            saddr[park_rows] = park
        names = np.where(
            by_person,
            self.names(n_shops)
            + r.choice(np.array(["的小店", "精品店", "百货", "优选"], dtype=object), n_shops),
            r.choice(self.pools.company_words, n_shops)
            + r.choice(np.array(["旗舰店", "专营店", "官方店"], dtype=object), n_shops),
        )
        self.shops = _table(
            {
                "platform_id": plat,
                "shop_id": shop_ids,
                "name": names,
                "operator_kind": op_kind,
                "operator_id": op_id,
                "opened_at": self.dates(opened),
                "closed_at": self.dates(closed),
                "phone": sphone,
                "address": saddr,
            }
        )
        self.add("shops.csv", self.shops)
        self.shop_refs = plat + "/" + shop_ids
        self.shop_opened = opened
        self.shop_by_person = by_person
        self.shop_op_person = np.full(n_shops, -1)
        self.shop_op_person[by_person] = op_person
        if last:
            self.generic = [
                {
                    "kind": "phone",
                    "value": T.phone.clean(generic_phone),
                    "as_written": generic_phone,
                    "rows": generic_rows,
                },
                {"kind": "address", "value": park, "as_written": park, "rows": park_rows},
            ]

        # accounts: some companies, persons and shops; all distinct
        acc_c = np.flatnonzero(r.random(n_comp) < 0.4)
        acc_p = np.flatnonzero(r.random(n_pers) < 0.2)
        acc_s = np.flatnonzero(r.random(n_shops) < 0.1)
        kinds = np.concatenate(
            [
                np.full(len(acc_c), "company", object),
                np.full(len(acc_p), "person", object),
                np.full(len(acc_s), "shop", object),
            ]
        )
        holders = np.concatenate([uscc[acc_c], pid[acc_p], self.shop_refs[acc_s]])
        self.add(
            "accounts.csv",
            _table(
                {
                    "holder_kind": kinds,
                    "holder_id": holders,
                    "account_no": self.accounts(len(kinds)),
                    "bank": r.choice(np.array(BANKS, dtype=object), len(kinds)),
                }
            ),
        )

        # shipping: every courier serves some platforms; local couriers also single shops
        ship = []
        for c in range(nc if first else 0):
            for p in r.choice(self.n_platforms, int(r.integers(2, 5)), replace=False):
                since = int(self.day_between(dt.date(2014, 1, 1), dt.date(2022, 1, 1), 1)[0])
                ship.append(
                    (self.sid("CR", c, 4), PLATFORMS[p][0], "", since, -1, int(r.integers(10_000, 5_000_000)))
                )
        for s in r.choice(n_shops, min(n_shops, max(20, n_shops // 200)), replace=False):
            c = int(r.integers(0, nc))
            ship.append(
                (
                    self.sid("CR", c, 4),
                    plat[s],
                    shop_ids[s],
                    int(opened[s]) + 30,
                    -1,
                    int(r.integers(100, 50_000)),
                )
            )
        cols = list(zip(*ship, strict=True))
        self.add(
            "shipping.csv",
            _table(
                {
                    "courier_id": cols[0],
                    "platform_id": cols[1],
                    "shop_id": cols[2],
                    "since": self.dates(np.array(cols[3])),
                    "until": self.dates(np.array(cols[4])),
                    "parcels": [str(x) for x in cols[5]],
                }
            ),
        )

        # products in every category, and listings
        n_prod = max(40, int(0.1 * N))
        prod0 = self.ids.product
        cat_idx = np.concatenate(
            [np.arange(len(CATEGORIES)), r.integers(0, len(CATEGORIES), n_prod - len(CATEGORIES))]
        )
        cats = np.array(CATEGORIES, dtype=object)[cat_idx]
        pw = np.empty(n_prod, dtype=object)
        pick = r.integers(0, 100, n_prod)
        for i, (c, k) in enumerate(zip(cats, pick, strict=True)):
            ws = PRODUCT_WORDS[c]
            pw[i] = ws[k % len(ws)]
        brand = r.choice(self.pools.company_words, n_prod)
        barcode = gtin_codes(_bijection(np.arange(prod0, prod0 + n_prod), 10**10, 5_555_555))
        barcode[r.random(n_prod) < 0.1] = ""
        manu = uscc[r.integers(0, n_comp, n_prod)]
        manu[r.random(n_prod) < 0.3] = ""
        product_ids = np.array([self.sid("PD", i, 8) for i in range(prod0, prod0 + n_prod)], dtype=object)
        self.ids.product = prod0 + n_prod
        self.add(
            "products.csv",
            _table(
                {
                    "product_id": product_ids,
                    "name": brand + pw,
                    "category": cats,
                    "barcode": barcode,
                    "manufacturer_uscc": manu,
                }
            ),
        )
        per_shop = r.poisson(4, n_shops)
        ls = np.repeat(np.arange(n_shops), per_shop)
        lp = r.integers(0, n_prod, len(ls))
        listed = opened[ls] + r.integers(0, 600, len(ls))
        delisted = np.where(r.random(len(ls)) < 0.2, listed + r.integers(30, 900, len(ls)), -1)
        self.add(
            "listings.csv",
            _table(
                {
                    "platform_id": plat[ls],
                    "shop_id": shop_ids[ls],
                    "product_id": product_ids[lp],
                    "listed_at": self.dates(listed),
                    "delisted_at": self.dates(delisted),
                }
            ),
        )

        # intermediaries
        inter = np.flatnonzero(r.random(n_comp) < 0.005)
        self.add(
            "intermediaries.csv",
            _table(
                {
                    "uscc": uscc[inter],
                    "category": r.choice(np.array(INTERMEDIARY_CATEGORIES, dtype=object), len(inter)),
                }
            ),
        )

        self.n_comp, self.n_pers, self.n_shops, self.holders_pool = n_comp, n_pers, n_shops, holders_pool
        self._events()

    def _platforms_and_couriers(self, uscc: np.ndarray) -> None:
        """The platforms and the couriers, operated by the first companies of the first chunk."""
        self.add(
            "platforms.csv",
            _table(
                {
                    "platform_id": [p[0] for p in PLATFORMS],
                    "name": [p[1] for p in PLATFORMS],
                    "operator_uscc": uscc[: self.n_platforms],
                    "url": [p[2] for p in PLATFORMS],
                }
            ),
        )

        # couriers: operated by the next companies
        nc = self.n_couriers
        self.ids.courier = nc
        cnames = [
            COURIER_NAMES[i] if i < len(COURIER_NAMES) else f"{TOWNS[i % len(TOWNS)]}同城配送{i}"
            for i in range(nc)
        ]
        courier_ops = np.arange(self.n_platforms, self.n_platforms + nc)
        self.add(
            "couriers.csv",
            _table(
                {
                    "courier_id": [self.sid("CR", i, 4) for i in range(nc)],
                    "name": cnames,
                    "operator_uscc": uscc[courier_ops],
                    "license_no": [f"邮快许{2015 + i % 9}{i:05d}" for i in range(nc)],
                }
            ),
        )

    def _subject_sample(self, n: int, p: list[float]) -> tuple[np.ndarray, np.ndarray]:
        """Random (kind, id) pairs over companies, persons, shops, couriers, platforms."""
        r = self.rng
        kinds = r.choice(np.array(["company", "person", "shop", "courier", "platform"], dtype=object), n, p=p)
        ids = np.empty(n, dtype=object)
        for kind, pool in (
            ("company", self.companies["uscc"]),
            ("person", self.persons["id_number"]),
            ("shop", self.shop_refs),
            ("courier", np.array([self.sid("CR", i, 4) for i in range(self.n_couriers)], dtype=object)),
            ("platform", np.array([p[0] for p in PLATFORMS], dtype=object)),
        ):
            m = kinds == kind
            ids[m] = pool[r.integers(0, len(pool), int(m.sum()))]
        return kinds, ids

    def _agencies(self, days: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        r = self.rng
        old = days < _days(dt.date(2019, 1, 1))
        a_old = r.integers(0, len(AGENCIES_OLD), len(days))
        a_new = r.integers(0, len(AGENCIES_NEW), len(days))
        names = np.where(
            old,
            np.array([a[0] for a in AGENCIES_OLD], dtype=object)[a_old],
            np.array([a[0] for a in AGENCIES_NEW], dtype=object)[a_new],
        )
        juris = np.where(
            old,
            np.array([a[1] for a in AGENCIES_OLD], dtype=object)[a_old],
            np.array([a[1] for a in AGENCIES_NEW], dtype=object)[a_new],
        )
        return names, juris

    def _events(self) -> None:
        """Violations, complaints, evaluations and harmless list entries over the base population."""
        r = self.rng
        N = self.chunk  # events scale with the chunk they fall on
        # violations: not on persons (a person's violation would make its shared identifiers a ring)
        nv = max(30, int(0.04 * N))
        kinds, ids = self._subject_sample(nv, [0.45, 0.0, 0.5, 0.04, 0.01])
        decided = self.day_between(dt.date(2016, 1, 1), AS_OF, nv)
        agency, juris = self._agencies(decided)
        vt = r.choice(np.array(VIOLATION_TYPES + FREE_TEXT_VIOLATIONS, dtype=object), nv)
        display = np.where(r.random(nv) < 0.7, decided + r.integers(365, 365 * 3, nv), -1)
        repaired = np.where(r.random(nv) < 0.05, decided + r.integers(90, 700, nv), -1)
        repaired = np.where(repaired > _days(AS_OF), -1, repaired)
        v0 = self.ids.violation
        self.ids.violation = v0 + nv
        self.add(
            "violations.csv",
            _table(
                {
                    "record_id": [self.sid("V", i, 9) for i in range(v0, v0 + nv)],
                    "subject_kind": kinds,
                    "subject_id": ids,
                    "violation_type": vt,
                    "decided_at": self.dates(decided),
                    "agency": agency,
                    "jurisdiction": juris,
                    "source": r.choice(np.array(SOURCES, dtype=object), nv),
                    "severity": r.choice(np.array(SEVERITIES, dtype=object), nv, p=[0.6, 0.3, 0.1]),
                    "description": vt
                    + np.array(["，责令改正", "，罚款", "，警告", ""], dtype=object)[r.integers(0, 4, nv)],
                    "display_until": self.dates(display),
                    "repaired_at": self.dates(repaired),
                }
            ),
        )

        # complaints
        nc = max(30, int(0.05 * N))
        kinds, ids = self._subject_sample(nc, [0.3, 0.05, 0.55, 0.08, 0.02])
        subst = r.choice(
            np.array(["true", "false", "", "是", "否"], dtype=object), nc, p=[0.4, 0.3, 0.2, 0.05, 0.05]
        )
        self.add(
            "complaints.csv",
            _table(
                {
                    "complaint_id": [
                        self.sid("C", i, 9) for i in range(self.ids.complaint, self.ids.complaint + nc)
                    ],
                    "channel": r.choice(np.array(CHANNELS, dtype=object), nc),
                    "subject_kind": kinds,
                    "subject_id": ids,
                    "received_at": self.dates(self.day_between(dt.date(2016, 1, 1), AS_OF, nc)),
                    "category": r.choice(np.array(COMPLAINT_CATEGORIES, dtype=object), nc),
                    "substantiated": subst,
                }
            ),
        )

        self.ids.complaint += nc

        # evaluations
        ne = max(20, int(0.02 * N))
        kinds, ids = self._subject_sample(ne, [0.7, 0.0, 0.2, 0.08, 0.02])
        ev_days = self.day_between(dt.date(2016, 1, 1), AS_OF, ne)
        agency, _ = self._agencies(ev_days)
        score = r.uniform(40, 100, ne).round(1)
        grade = np.select([score >= 90, score >= 75, score >= 60], ["A", "B", "C"], "D").astype(object)
        self.add(
            "evaluations.csv",
            _table(
                {
                    "subject_kind": kinds,
                    "subject_id": ids,
                    "agency": agency,
                    "evaluated_at": self.dates(ev_days),
                    "grade": grade,
                    "score": score.astype(str).astype(object),
                }
            ),
        )

        # red-list entries on random companies (never a pattern): harmless by definition
        nr = max(5, int(0.003 * N))
        comp = r.integers(self.n_platforms + self.n_couriers, self.n_comp, nr)
        self._entries_frame(
            "red",
            "company",
            self.companies["uscc"][comp],
            self.day_between(dt.date(2016, 1, 1), AS_OF, nr),
            "守信激励",
            np.full(nr, "", object),
        )

        # background black entries on isolated subjects: no roles, shops, holdings elsewhere
        iso_persons = self._isolated_persons()
        nb = min(len(iso_persons), max(5, int(0.004 * N)))
        chosen = self.rng.choice(iso_persons, nb, replace=False)
        measures = np.array([";".join(PERSON_MEASURES[: 1 + i % 3]) for i in range(nb)], dtype=object)
        self._entries_frame(
            "black",
            "person",
            self.persons["id_number"][chosen],
            self.day_between(dt.date(2016, 1, 1), AS_OF, nb),
            "失信被执行",
            measures,
        )
        iso_companies = self._isolated_companies()
        nb = min(len(iso_companies), max(5, int(0.003 * N)))
        chosen = self.rng.choice(iso_companies, nb, replace=False)
        measures = np.full(nb, "限制入驻平台;市场禁入", object)
        self._entries_frame(
            "black",
            "company",
            self.companies["uscc"][chosen],
            self.day_between(dt.date(2016, 1, 1), AS_OF, nb),
            "严重违法失信",
            measures,
        )

    def _isolated_persons(self) -> np.ndarray:
        """Persons with no role, no shop and no holding: a listing of theirs reaches nothing."""
        used = np.zeros(self.n_pers, bool)
        used[self.role_person] = True
        used[self.shop_op_person[self.shop_op_person >= 0]] = True
        return np.flatnonzero(~used)

    def _isolated_companies(self) -> np.ndarray:
        """Companies whose people hold only that role, that operate nothing and hold no shares."""
        role_count = np.bincount(self.role_person, minlength=self.n_pers)
        seller = np.zeros(self.n_pers, bool)
        seller[self.shop_op_person[self.shop_op_person >= 0]] = True
        person_busy = (role_count[self.role_person] > 1) | seller[self.role_person]
        busy = np.zeros(self.n_comp, bool)
        np.logical_or.at(busy, self.role_company, person_busy)
        busy[: self.n_platforms + self.n_couriers] = True
        busy |= self.parent_holder
        ops = set(self.shops["operator_id"][self.shops["operator_kind"] == "company"].tolist())
        busy |= np.fromiter((u in ops for u in self.companies["uscc"]), dtype=bool, count=self.n_comp)
        return np.flatnonzero(~busy)

    def _entries_frame(
        self, lst: str, kind: str, ids: np.ndarray, days: np.ndarray, reason: str, measures: np.ndarray
    ) -> None:
        n = len(ids)
        agency, juris = self._agencies(days)
        start = self.ids.entry
        self.ids.entry += n
        self.add(
            "list_entries.csv",
            _table(
                {
                    "entry_id": [self.sid("E", i, 8) for i in range(start, start + n)],
                    "list": np.full(n, lst, object),
                    "subject_kind": np.full(n, kind, object),
                    "subject_id": ids,
                    "agency": agency,
                    "listed_at": self.dates(days),
                    "reason": np.full(n, reason, object),
                    "jurisdiction": juris,
                    "expires_at": "",
                    "removed_at": "",
                    "measures": measures,
                }
            ),
        )

    # ---- single rows for patterns ------------------------------------------------------------

    def new_person(
        self, name: str | None = None, phone: str | None = None, address: str | None = None
    ) -> dict[str, str]:
        pid = self.take("person_id")
        p = {
            "id_number": pid,
            "name": name or self.take("name"),
            "phone": phone if phone is not None else self.take("phone"),
            "address": address if address is not None else self.take("address"),
        }
        self.row("persons.csv", **p)
        return p

    def new_company(self, registered: int) -> str:
        uscc, name, address, phone, county = self.take("company")
        self.row(
            "companies.csv",
            uscc=uscc,
            name=name,
            kind=COMPANY_KINDS[0],
            registered_at=_date(registered).isoformat(),
            status="存续",
            address=address,
            phone=phone,
            jurisdiction=COUNTIES[county][0],
        )
        return uscc

    def take(self, kind: str) -> Any:
        """One fresh value for a pattern row, drawn from a stock generated in vectorised batches."""
        stock = self.stock.setdefault(kind, [])
        if not stock:
            n = 256
            if kind == "person_id":
                fresh = self.person_ids(n).tolist()
            elif kind == "name":
                fresh = self.names(n).tolist()
            elif kind == "phone":
                fresh = self.phones(n).tolist()
            elif kind == "address":
                fresh = self.addresses(n)[0].tolist()
            elif kind == "account":
                fresh = self.accounts(n).tolist()
            elif kind == "company":
                counties = self.rng.integers(0, len(COUNTIES), n)
                fresh = list(
                    zip(
                        self.company_ids(counties).tolist(),
                        self.company_names(n, counties).tolist(),
                        self.addresses(n, counties)[0].tolist(),
                        self.phones(n, 0.5).tolist(),
                        counties.tolist(),
                        strict=True,
                    )
                )
            else:
                raise KeyError(kind)
            stock.extend(reversed(fresh))
        return stock.pop()

    def new_shop(
        self, operator_kind: str, operator_id: str, opened: int, closed: int = -1, phone: str | None = None
    ) -> str:
        plat = PLATFORMS[int(self.rng.integers(0, len(PLATFORMS)))][0]
        sid = self.sid("S", self.ids.shop, 8)
        self.ids.shop += 1
        self.row(
            "shops.csv",
            platform_id=plat,
            shop_id=sid,
            name=self.take("name") + "的小店",
            operator_kind=operator_kind,
            operator_id=operator_id,
            opened_at=_date(opened).isoformat(),
            closed_at=_date(closed).isoformat() if closed >= 0 else "",
            phone=phone if phone is not None else self.take("phone"),
            address="",
        )
        return f"{plat}/{sid}"

    def role(self, uscc: str, pid: str, role: str, since: int, until: int = -1) -> None:
        self.row(
            "roles.csv",
            company_uscc=uscc,
            person_id_number=pid,
            role=role,
            since=_date(since).isoformat(),
            until=_date(until).isoformat() if until >= 0 else "",
        )

    def entry(
        self,
        kind: str,
        sid: str,
        listed: int,
        measures: list[str],
        lst: str = "black",
        expires: int = -1,
        removed: int = -1,
    ) -> str:
        eid = self.sid("E", self.ids.entry, 8)
        self.ids.entry += 1
        agency, juris = self._agencies(np.array([listed]))
        self.row(
            "list_entries.csv",
            entry_id=eid,
            list=lst,
            subject_kind=kind,
            subject_id=sid,
            agency=agency[0],
            listed_at=_date(listed).isoformat(),
            reason="严重失信" if lst == "black" else "诚信示范",
            jurisdiction=juris[0],
            expires_at=_date(expires).isoformat() if expires >= 0 else "",
            removed_at=_date(removed).isoformat() if removed >= 0 else "",
            measures=";".join(measures),
        )
        return eid

    def when(self) -> tuple[int, int]:
        """A listing date and a later reappearance date, both before AS_OF."""
        listed = int(self.day_between(dt.date(2017, 1, 1), dt.date(2024, 6, 30), 1)[0])
        later = int(self.day_between(listed + 30, _days(AS_OF) - 30, 1)[0])
        return listed, later

    # ---- planted patterns --------------------------------------------------------------------

    def patterns(self) -> None:
        k = max(3, self.subjects // 5000)
        re_ = self.truth["reappearances"]
        decoys = self.truth["decoys"]
        r = self.rng

        def reappear(
            basis: str, person: str, listed: dict, eid: str, at: int, entity: dict, since: int, **extra
        ):
            re_.append(
                {
                    "basis": basis,
                    "person": person,
                    "listed": listed,
                    "entry_id": eid,
                    "listed_at": _date(at).isoformat(),
                    "entity": entity,
                    "since": _date(since).isoformat(),
                    **extra,
                }
            )

        for _ in range(k):
            # direct_role, with a role that began before the listing as its decoy
            x = self.new_person()
            listed, later = self.when()
            eid = self.entry("person", x["id_number"], listed, PERSON_MEASURES[:2])
            before = self.new_company(listed - 900)
            self.role(before, x["id_number"], "董事", listed - 800)
            self.barred(x["id_number"], eid, listed, {"kind": "company", "id": before}, "董事", listed - 800)
            decoys.append(
                {
                    "shape": "role_before_listing",
                    "person": x["id_number"],
                    "entry_id": eid,
                    "entity": {"kind": "company", "id": before},
                    "why": "role began before the listing",
                }
            )
            c = self.new_company(later)
            role = ["法定代表人", "董事", "经理", "高级管理人员"][int(r.integers(0, 4))]
            self.role(c, x["id_number"], role, later)
            self.barred(x["id_number"], eid, listed, {"kind": "company", "id": c}, role, later)
            reappear(
                "direct_role",
                x["id_number"],
                {"kind": "person", "id": x["id_number"]},
                eid,
                listed,
                {"kind": "company", "id": c},
                later,
                role=role,
            )

            # same-name different person: must not be matched by name
            y = self.new_person(name=x["name"])
            cy = self.new_company(later)
            self.role(cy, y["id_number"], "法定代表人", later)
            decoys.append(
                {
                    "shape": "same_name",
                    "person": y["id_number"],
                    "entry_id": eid,
                    "entity": {"kind": "company", "id": cy},
                    "why": "same name as the listed person, different citizen ID",
                }
            )

            # shop_operator
            x = self.new_person()
            listed, later = self.when()
            eid = self.entry("person", x["id_number"], listed, ["市场禁入", "屏蔽或关闭店铺"])
            shop = self.new_shop("person", x["id_number"], later)
            self.barred(
                x["id_number"], eid, listed, {"kind": "shop", "id": shop}, None, later, "屏蔽或关闭店铺"
            )
            reappear(
                "shop_operator",
                x["id_number"],
                {"kind": "person", "id": x["id_number"]},
                eid,
                listed,
                {"kind": "shop", "id": shop},
                later,
            )

            # reopened_shop: an individual seller's shop is closed by listing; the seller reopens
            x = self.new_person()
            listed, later = self.when()
            old = self.new_shop("person", x["id_number"], listed - 700, closed=listed + 10)
            eid = self.entry("shop", old, listed, ["屏蔽或关闭店铺"])
            new = self.new_shop("person", x["id_number"], later)
            reappear(
                "reopened_shop",
                x["id_number"],
                {"kind": "shop", "id": old},
                eid,
                listed,
                {"kind": "shop", "id": new},
                later,
            )

            # shareholding behind a nominee
            x = self.new_person()
            nominee = self.new_person()
            listed, later = self.when()
            eid = self.entry("person", x["id_number"], listed, PERSON_MEASURES)
            c = self.new_company(later)
            self.role(c, nominee["id_number"], "法定代表人", later)
            if r.random() < 0.5:
                shares = [("person", x["id_number"], 0.6), ("person", nominee["id_number"], 0.4)]
            else:
                other = self.new_person()
                shares = [
                    ("person", x["id_number"], 0.4),
                    ("person", nominee["id_number"], 0.3),
                    ("person", other["id_number"], 0.3),
                ]
            for hk, hid, ratio in shares:
                self.row(
                    "shareholdings.csv",
                    company_uscc=c,
                    holder_kind=hk,
                    holder_id=hid,
                    ratio=f"{round(ratio * 100)}%",
                    since=_date(later).isoformat(),
                    until="",
                )
            reappear(
                "shareholding",
                x["id_number"],
                {"kind": "person", "id": x["id_number"]},
                eid,
                listed,
                {"kind": "company", "id": c},
                later,
                ratio=shares[0][2],
                nominee=nominee["id_number"],
            )

            # shared_identifier: a nominee sharing a phone, an address or an account
            self._shared_identifier(reappear)

            # responsible_person, and someone who left before the listing
            b_reg = int(self.day_between(dt.date(2008, 1, 1), dt.date(2012, 1, 1), 1)[0])
            b = self.new_company(b_reg)
            listed, later = self.when()
            p = self.new_person()
            role_at = ["法定代表人", "董事", "经理"][int(r.integers(0, 3))]
            self.role(b, p["id_number"], role_at, listed - 1500)
            q = self.new_person()
            self.role(b, q["id_number"], "监事", listed - 2000, listed - 400)
            eid = self.entry("company", b, listed, ["限制入驻平台", "市场禁入"])
            c = self.new_company(later)
            role = ["法定代表人", "董事", "监事", "经理"][int(r.integers(0, 4))]
            self.role(c, p["id_number"], role, later)
            reappear(
                "responsible_person",
                p["id_number"],
                {"kind": "company", "id": b},
                eid,
                listed,
                {"kind": "company", "id": c},
                later,
                role=role,
                role_at_listing=role_at,
            )
            d = self.new_company(later)
            self.role(d, q["id_number"], "法定代表人", later)
            decoys.append(
                {
                    "shape": "left_before_listing",
                    "person": q["id_number"],
                    "entry_id": eid,
                    "entity": {"kind": "company", "id": d},
                    "why": "left the listed company before it was listed",
                }
            )

            # decoys on persons: expired, repaired, red list
            for shape in ("expired", "repaired", "red_list"):
                x = self.new_person()
                listed, _ = self.when()
                end = int(self.day_between(listed + 60, min(listed + 900, _days(AS_OF) - 200), 1)[0])
                after = int(self.day_between(end + 10, _days(AS_OF) - 30, 1)[0])
                if shape == "expired":
                    eid = self.entry("person", x["id_number"], listed, PERSON_MEASURES[:2], expires=end)
                elif shape == "repaired":
                    eid = self.entry("person", x["id_number"], listed, PERSON_MEASURES[:2], removed=end)
                else:
                    eid = self.entry("person", x["id_number"], listed, [], lst="red")
                c = self.new_company(after)
                self.role(c, x["id_number"], "法定代表人", after)
                why = {
                    "expired": "entry expired before the role",
                    "repaired": "entry removed (credit repair) before the role",
                    "red_list": "a red-list entry",
                }[shape]
                decoys.append(
                    {
                        "shape": shape,
                        "person": x["id_number"],
                        "entry_id": eid,
                        "entity": {"kind": "company", "id": c},
                        "why": why,
                    }
                )

            self._courier_ban()
            self._ring()

    def _shared_identifier(self, reappear) -> None:
        r = self.rng
        kind = ["phone", "address", "account"][int(r.integers(0, 3))]
        listed, later = self.when()
        if kind == "phone":
            number = self.take("phone")
            canon = T.phone.clean(number)
            x = self.new_person(phone=canon)
            nominee = self.new_person(phone=_phone_variant(canon, 1))
            value = canon
        elif kind == "address":
            a_x, a_n = self.address_forms(("canonical", ["short", "numerals"][int(r.integers(0, 2))]))
            x = self.new_person(address=a_x)
            nominee = self.new_person(address=a_n)
            value = a_x
        else:
            x = self.new_person()
            nominee = self.new_person()
            acct = self.take("account").replace(" ", "")
            self.row(
                "accounts.csv", holder_kind="person", holder_id=x["id_number"], account_no=acct, bank=BANKS[0]
            )
            self.row(
                "accounts.csv",
                holder_kind="person",
                holder_id=nominee["id_number"],
                account_no=f"{acct[:4]} {acct[4:8]} {acct[8:12]} {acct[12:]}",
                bank=BANKS[0],
            )
            value = acct
        eid = self.entry("person", x["id_number"], listed, PERSON_MEASURES[:2])
        c = self.new_company(later)
        self.role(c, nominee["id_number"], "法定代表人", later)
        ident = {"kind": kind, "value": value}
        reappear(
            "shared_identifier",
            x["id_number"],
            {"kind": "person", "id": x["id_number"]},
            eid,
            listed,
            {"kind": "company", "id": c},
            later,
            nominee=nominee["id_number"],
            identifier=ident,
            role="法定代表人",
        )
        members = [{"kind": "person", "id": x["id_number"]}, {"kind": "person", "id": nominee["id_number"]}]
        self.truth["rings"].append(
            {
                "pattern": "nominee",
                "members": members,
                "identifiers": [{**ident, "holders": members}],
                "flagged": [{**members[0], "via": "black", "ref": eid}],
            }
        )

        # the same shape after a removed listing: not a hit, not a ring
        y = self.new_person()
        shared = T.phone.clean(self.take("phone"))
        self.rows["persons.csv"][-1]["phone"] = shared
        ny = self.new_person(phone=shared)
        listed, later = self.when()
        removed = int(self.day_between(listed + 30, later, 1)[0])
        eid = self.entry("person", y["id_number"], listed, PERSON_MEASURES[:2], removed=removed)
        c = self.new_company(later)
        self.role(c, ny["id_number"], "法定代表人", later)
        self.truth["decoys"].append(
            {
                "shape": "removed_shared_identifier",
                "person": ny["id_number"],
                "entry_id": eid,
                "entity": {"kind": "company", "id": c},
                "why": "shares a phone with a person whose listing was removed",
            }
        )

    def _new_courier(self) -> tuple[str, str]:
        op = self.new_company(int(self.day_between(dt.date(2010, 1, 1), dt.date(2016, 1, 1), 1)[0]))
        cid = self.sid("CR", self.ids.courier, 4)
        self.ids.courier += 1
        self.row(
            "couriers.csv",
            courier_id=cid,
            name=f"{TOWNS[self.ids.courier % len(TOWNS)]}速递{self.ids.courier}",
            operator_uscc=op,
            license_no=f"邮快许{self.ids.courier:06d}",
        )
        return cid, op

    def barred(
        self,
        subject: str,
        eid: str,
        listed: int,
        entity: dict,
        role: str | None,
        since: int,
        measure: str | None = None,
        kind: str = "person",
    ) -> None:
        """Record a tie the entry's measures bar on AS_OF (barred-roles truth); a role's measure
        defaults to the one naming it (法定代表人 -> 限制担任法定代表人, else 限制担任董监高)."""
        if measure is None:
            measure = "限制担任法定代表人" if role == "法定代表人" else "限制担任董监高"
        self.truth["barred_roles"].append(
            {
                "subject": {"kind": kind, "id": subject},
                "entry_id": eid,
                "listed_at": _date(listed).isoformat(),
                "entity": entity,
                "role": role,
                "measure": measure,
                "since": _date(since).isoformat(),
                "began": "after_listing" if since > listed else "before_listing",
            }
        )

    def not_barred(self, shape: str, subject: str, eid: str, entity: dict, why: str, kind: str = "person"):
        """Record a tie of a listed subject that the barred-roles alert must not report."""
        self.truth["barred_role_decoys"].append(
            {
                "shape": shape,
                "subject": {"kind": kind, "id": subject},
                "entry_id": eid,
                "entity": entity,
                "why": why,
            }
        )

    def barred_role_patterns(self) -> None:
        """What the reappearance patterns do not plant: roles and shops held since before the
        listing, ties that ended on or before it, and measures that do not bar the tie held.
        Run after every other pattern, so the batch's other ids and truth stay as they were."""
        for _ in range(max(3, self.subjects // 5000)):
            self._held_since_before()
            self._ended_or_not_barred()
            self._market_ban()
            self._company_shops()
            self._platform_ban()

    def _held_since_before(self) -> None:
        x = self.new_person()
        listed, _ = self.when()
        eid = self.entry("person", x["id_number"], listed, ["限制担任董监高"])
        a = self.new_company(listed - 1000)
        self.role(a, x["id_number"], "监事", listed - 600)
        self.barred(x["id_number"], eid, listed, {"kind": "company", "id": a}, "监事", listed - 600)
        b = self.new_company(listed - 1000)
        self.role(b, x["id_number"], "法定代表人", listed - 500)
        self.not_barred(
            "measure_does_not_bar",
            x["id_number"],
            eid,
            {"kind": "company", "id": b},
            "限制担任董监高 does not bar 法定代表人",
        )

    def _ended_or_not_barred(self) -> None:
        y = self.new_person()
        listed, later = self.when()
        eid = self.entry("person", y["id_number"], listed, ["限制担任法定代表人"])
        for shape, since, until, why in (
            ("ended_on_listing", listed - 900, listed, "the role ended on the listing date"),
            ("ended_before_listing", listed - 900, listed - 30, "the role ended before the listing"),
            (
                "ended_before_as_of",
                listed - 200,
                (listed + later) // 2,
                "the role ended before the as-of date",
            ),
        ):
            c = self.new_company(listed - 1200)
            self.role(c, y["id_number"], "法定代表人", since, until)
            self.not_barred(shape, y["id_number"], eid, {"kind": "company", "id": c}, why)
        held = self.new_company(listed - 1200)
        self.role(held, y["id_number"], "法定代表人", listed - 700)
        self.barred(y["id_number"], eid, listed, {"kind": "company", "id": held}, "法定代表人", listed - 700)
        c = self.new_company(later)
        self.role(c, y["id_number"], "监事", later)
        entity = {"kind": "company", "id": c}
        why = "listed only with 限制担任法定代表人; became 监事"
        self.not_barred("measure_does_not_bar", y["id_number"], eid, entity, why)
        self.truth["decoys"].append(
            {
                "shape": "measure_does_not_bar",
                "person": y["id_number"],
                "entry_id": eid,
                "entity": entity,
                "why": why,
            }
        )

    def _market_ban(self) -> None:
        w = self.new_person()
        listed, later = self.when()
        eid = self.entry("person", w["id_number"], listed, ["市场禁入"])
        old = self.new_company(listed - 1500)
        self.role(old, w["id_number"], "法定代表人", listed - 1000)
        self.not_barred(
            "not_new",
            w["id_number"],
            eid,
            {"kind": "company", "id": old},
            "市场禁入 bars entering a company after the listing, not a role held before it",
        )
        c = self.new_company(later)
        self.role(c, w["id_number"], "董事", later)
        entity = {"kind": "company", "id": c}
        self.barred(w["id_number"], eid, listed, entity, "董事", later, "市场禁入")
        self.truth["reappearances"].append(
            {
                "basis": "direct_role",
                "person": w["id_number"],
                "listed": {"kind": "person", "id": w["id_number"]},
                "entry_id": eid,
                "listed_at": _date(listed).isoformat(),
                "entity": entity,
                "since": _date(later).isoformat(),
                "role": "董事",
            }
        )

    def _company_shops(self) -> None:
        listed, _ = self.when()
        z = self.new_company(listed - 2000)
        eid = self.entry("company", z, listed, ["屏蔽或关闭店铺"])
        open_shop = self.new_shop("company", z, listed - 400)
        entity = {"kind": "shop", "id": open_shop}
        self.barred(z, eid, listed, entity, None, listed - 400, "屏蔽或关闭店铺", "company")
        closed = self.new_shop("company", z, listed - 900, closed=listed - 100)
        self.not_barred(
            "shop_closed_before_listing",
            z,
            eid,
            {"kind": "shop", "id": closed},
            "the shop closed before the listing",
            "company",
        )

    def _platform_ban(self) -> None:
        """限制入驻平台 on a courier's operating company (its service since before the listing, and
        one that stopped before it) and on an individual seller (a shop opened before the listing)."""
        cid, op = self._new_courier()
        listed, _ = self.when()
        eid = self.entry("company", op, listed, ["限制入驻平台"])
        plat, old_plat = PLATFORMS[0][0], PLATFORMS[1][0]
        for platform_id, since, until in ((plat, listed - 300, -1), (old_plat, listed - 900, listed - 60)):
            self.row(
                "shipping.csv",
                courier_id=cid,
                platform_id=platform_id,
                shop_id="",
                since=_date(since).isoformat(),
                until=_date(until).isoformat() if until >= 0 else "",
                parcels="5000",
            )
        entity = {"kind": "platform", "id": plat}
        self.barred(op, eid, listed, entity, None, listed - 300, "限制入驻平台", "company")
        self.truth["courier_bans"].append(
            {
                "courier": cid,
                "listed": {"kind": "company", "id": op},
                "entry_id": eid,
                "listed_at": _date(listed).isoformat(),
                "entity": entity,
                "since": _date(listed - 300).isoformat(),
                "until": "",
            }
        )
        why = "the courier stopped serving the platform before the listing"
        self.not_barred("service_ended", op, eid, {"kind": "platform", "id": old_plat}, why, "company")
        x = self.new_person()
        listed, _ = self.when()
        eid = self.entry("person", x["id_number"], listed, ["限制入驻平台"])
        shop = self.new_shop("person", x["id_number"], listed - 200)
        self.barred(
            x["id_number"], eid, listed, {"kind": "shop", "id": shop}, None, listed - 200, "限制入驻平台"
        )

    def _courier_ban(self) -> None:
        r = self.rng
        cid, op = self._new_courier()
        listed, later = self.when()
        on_company = r.random() < 0.4
        listed_subject = {"kind": "company", "id": op} if on_company else {"kind": "courier", "id": cid}
        eid = self.entry(listed_subject["kind"], listed_subject["id"], listed, ["限制入驻平台"])
        plat = PLATFORMS[int(r.integers(0, len(PLATFORMS)))][0]
        ongoing = r.random() < 0.5
        since = listed - 500 if ongoing else later
        self.row(
            "shipping.csv",
            courier_id=cid,
            platform_id=plat,
            shop_id="",
            since=_date(since).isoformat(),
            until="",
            parcels=str(int(r.integers(1000, 90000))),
        )
        if on_company:
            self.barred(
                op, eid, listed, {"kind": "platform", "id": plat}, None, since, "限制入驻平台", "company"
            )
        self.truth["courier_bans"].append(
            {
                "courier": cid,
                "listed": listed_subject,
                "entry_id": eid,
                "listed_at": _date(listed).isoformat(),
                "entity": {"kind": "platform", "id": plat},
                "since": _date(since).isoformat(),
                "until": "",
            }
        )
        # a shop served after the ban, too
        x = self.new_person()
        shop = self.new_shop("person", x["id_number"], listed - 300)
        s_plat, s_id = shop.split("/")
        self.row(
            "shipping.csv",
            courier_id=cid,
            platform_id=s_plat,
            shop_id=s_id,
            since=_date(later).isoformat(),
            until="",
            parcels=str(int(r.integers(100, 9000))),
        )
        if on_company:
            self.barred(op, eid, listed, {"kind": "shop", "id": shop}, None, later, "限制入驻平台", "company")
        self.truth["courier_bans"].append(
            {
                "courier": cid,
                "listed": listed_subject,
                "entry_id": eid,
                "listed_at": _date(listed).isoformat(),
                "entity": {"kind": "shop", "id": shop},
                "since": _date(later).isoformat(),
                "until": "",
            }
        )
        # decoy: a banned courier that stopped serving before the ban
        cid2, _ = self._new_courier()
        listed2, _ = self.when()
        eid2 = self.entry("courier", cid2, listed2, ["限制入驻平台"])
        self.row(
            "shipping.csv",
            courier_id=cid2,
            platform_id=plat,
            shop_id="",
            since=_date(listed2 - 900).isoformat(),
            until=_date(listed2 - 30).isoformat(),
            parcels="12000",
        )
        self.truth["decoys"].append(
            {
                "shape": "courier_stopped",
                "courier": cid2,
                "entry_id": eid2,
                "entity": {"kind": "platform", "id": plat},
                "why": "stopped serving before the ban",
            }
        )

    def _ring(self) -> None:
        """A chain of 3-6 subjects linked by shared phones, addresses and accounts; one flagged."""
        r = self.rng
        size = int(r.integers(3, 7))
        members: list[dict[str, str]] = []
        for _ in range(size):
            kind = ["person", "company", "shop"][int(r.integers(0, 3))]
            if kind == "person":
                members.append({"kind": "person", "id": self.new_person(phone="", address="")["id_number"]})
            elif kind == "company":
                c = self.new_company(int(self.day_between(dt.date(2012, 1, 1), dt.date(2024, 1, 1), 1)[0]))
                self.rows["companies.csv"][-1]["phone"] = ""
                self.rows["companies.csv"][-1]["address"] = ""
                members.append({"kind": "company", "id": c})
            else:
                owner = self.new_person(phone="", address="")
                s = self.new_shop(
                    "person",
                    owner["id_number"],
                    int(self.day_between(dt.date(2015, 1, 1), dt.date(2025, 1, 1), 1)[0]),
                    phone="",
                )
                # the owner is linked to the shop by operating it, not by an identifier
                members.append({"kind": "shop", "id": s})
        idents = []
        used: list[set[str]] = [set() for _ in members]
        for i in range(size - 1):
            a, b = members[i], members[i + 1]
            free = [k for k in ("phone", "address") if k not in used[i] and k not in used[i + 1]]
            kind = free[int(r.integers(0, len(free)))] if free and r.random() < 0.7 else "account"
            used[i].add(kind)
            used[i + 1].add(kind)
            value = self._link(kind, [a, b])
            idents.append({"kind": kind, "value": value, "holders": [a, b]})
        flagged = members[int(r.integers(0, size))]
        if r.random() < 0.5 or flagged["kind"] == "person":
            listed, _ = self.when()
            ref = self.entry(
                flagged["kind"],
                flagged["id"],
                listed,
                ["市场禁入"] if flagged["kind"] != "shop" else ["屏蔽或关闭店铺"],
            )
            via = "black"
        else:
            # within its display period on AS_OF: 较重 shows 3 years (violation_types.yaml)
            decided = int(self.day_between(dt.date(2023, 7, 1), AS_OF, 1)[0])
            ref = self.sid("V", self.ids.violation, 9)
            self.ids.violation += 1
            agency, juris = self._agencies(np.array([decided]))
            self.row(
                "violations.csv",
                record_id=ref,
                subject_kind=flagged["kind"],
                subject_id=flagged["id"],
                violation_type="刷好评",
                decided_at=_date(decided).isoformat(),
                agency=agency[0],
                jurisdiction=juris[0],
                source="平台报送",
                severity="较重",
                description="组织刷好评",
                display_until="",
                repaired_at="",
            )
            via = "violation"
        self.truth["rings"].append(
            {
                "pattern": "ring",
                "members": members,
                "identifiers": idents,
                "flagged": [{**flagged, "via": via, "ref": ref}],
            }
        )

    def _link(self, kind: str, holders: list[dict[str, str]]) -> str:
        """Give every holder one more shared identifier; returns its canonical value."""
        if kind == "account":
            acct = self.take("account").replace(" ", "")
            for h in holders:
                self.row(
                    "accounts.csv", holder_kind=h["kind"], holder_id=h["id"], account_no=acct, bank=BANKS[1]
                )
            return acct
        if kind == "phone":
            canon = T.phone.clean(self.take("phone"))
            for i, h in enumerate(holders):
                self._set_identifier(h, "phone", _phone_variant(canon, i) if i else canon)
            return canon
        forms = self.address_forms(("canonical", "numerals"))
        for i, h in enumerate(holders):
            self._set_identifier(h, "address", forms[i % 2])
        return forms[0]

    def _set_identifier(self, holder: dict[str, str], column: str, value: str) -> None:
        """Set a phone or address on a pattern row; a holder that has one already gets an account."""
        file, key = {
            "person": ("persons.csv", "id_number"),
            "company": ("companies.csv", "uscc"),
            "shop": ("shops.csv", None),
        }[holder["kind"]]
        for row in reversed(self.rows[file]):
            rid = f"{row['platform_id']}/{row['shop_id']}" if key is None else row[key]
            if rid == holder["id"]:
                if row.get(column):
                    raise AssertionError("ring member already holds this identifier kind")
                row[column] = value
                return
        raise KeyError(holder["id"])

    # ---- generic identifiers -----------------------------------------------------------------

    def generic_truth(self) -> None:
        """Record generic identifiers, flagging one holder of each so rings must skip them."""
        # Only a shop whose operator runs no other shop: its listing must reach nothing else.
        operators = self.shops["operator_id"]
        shops_per_operator: dict[str, int] = {}
        for op in operators.tolist():
            shops_per_operator[op] = shops_per_operator.get(op, 0) + 1
        for g in self.generic:
            rows = g["rows"]
            alone = [int(i) for i in rows if shops_per_operator[operators[i]] == 1]
            flagged_row = alone[0] if alone else int(rows[0])
            listed, _ = self.when()
            self.entry("shop", str(self.shop_refs[flagged_row]), listed, ["屏蔽或关闭店铺"])
            self.truth["generic_identifiers"].append(
                {
                    "kind": g["kind"],
                    "value": g["value"],
                    "as_written": g["as_written"],
                    "holders": len(rows),
                    "includes_flagged": True,
                }
            )

    # ---- output --------------------------------------------------------------------------------

    def frames(self) -> dict[str, Table]:
        """Every file as column arrays: the bulk parts, then the pattern rows."""
        out: dict[str, Table] = {}
        for f, cols in COLUMNS.items():
            parts = list(self.parts[f])
            if self.rows[f]:
                parts.append(_table({c: [r.get(c, "") for r in self.rows[f]] for c in cols}))
            n = [len(next(iter(p.values()))) for p in parts]
            table = {}
            for c in cols:
                arrays = [
                    p[c] if c in p else np.full(k, "", dtype=object) for p, k in zip(parts, n, strict=True)
                ]
                col = np.concatenate(arrays) if arrays else np.zeros(0, dtype=object)
                table[c] = col.astype(object, copy=False)
            out[f] = table
        return out


# --------------------------------------------------------------------------------------------
# Written forms


def _phone_variant(canon: str, k: int) -> str:
    """The same number as exports write it: +86, 0086, spaces, dashes, parentheses."""
    if canon.startswith("0"):
        area = canon[:4]
        return [f"({area}){canon[4:]}", f"{area}-{canon[4:]}", f"+86 {canon[1:4]} {canon[4:]}"][k % 3]
    return [
        f"+86 {canon[:3]} {canon[3:7]} {canon[7:]}",
        f"{canon[:3]}-{canon[3:7]}-{canon[7:]}",
        f"0086{canon}",
        f"+86-{canon}",
    ][k % 4]


_CN = "零一二三四五六七八九"


def int_to_cn(n: int) -> str:
    """18 → 十八, 103 → 一百零三: how house numbers are written out."""
    if n < 10:
        return _CN[n]
    if n < 20:
        return "十" + (_CN[n % 10] if n % 10 else "")
    if n < 100:
        return _CN[n // 10] + "十" + (_CN[n % 10] if n % 10 else "")
    h, rest = divmod(n, 100)
    if rest == 0:
        return _CN[h] + "百"
    if rest < 10:
        return _CN[h] + "百零" + _CN[rest]
    tens = int_to_cn(rest)
    return _CN[h] + "百" + (("一" + tens) if tens.startswith("十") else tens)


_FULL = str.maketrans("0123456789", "０１２３４５６７８９")


def address_text(county: int, town: str, road: str, number: int, room: int, form: str) -> str:
    """One address in one written form; every form normalises to the same key."""
    _code, district, city, _ = COUNTIES[county]
    room_s = f"{room}室" if room else ""
    if form == "canonical":
        return f"江苏省{city}{district}{town}镇{road}{number}号{room_s}"
    if form == "no_province":
        return f"{city}{district}{town}镇{road}{number}号{room_s}"
    if form == "short":  # no suffixes, full-width digits
        return f"江苏{city[:-1]}{district[:-1]}{town}{road}{str(number).translate(_FULL)}号{room_s.translate(_FULL)}"
    return f"{city}{district}{town}镇{road}{int_to_cn(number)}号{room_s}"


# --------------------------------------------------------------------------------------------
# Bad rows


@dataclass(frozen=True)
class _Breakage:
    column: str
    code: str
    when: tuple[str, str] | None = None  # (column, value) the source row must have


BREAKAGES: dict[str, list[_Breakage]] = {
    "companies.csv": [
        _Breakage("uscc", "bad_check_char"),
        _Breakage("uscc", "bad_format"),
        _Breakage("name", "missing"),
        _Breakage("registered_at", "bad_date"),
        _Breakage("status", "bad_enum"),
        _Breakage("jurisdiction", "bad_region"),
        _Breakage("phone", "bad_phone"),
    ],
    "persons.csv": [
        _Breakage("id_number", "bad_check_char"),
        _Breakage("id_number", "bad_birth_date"),
        _Breakage("name", "missing"),
        _Breakage("phone", "bad_phone"),
    ],
    "roles.csv": [
        _Breakage("company_uscc", "bad_check_char"),
        _Breakage("person_id_number", "bad_check_char"),
        _Breakage("role", "bad_enum"),
        _Breakage("since", "bad_date"),
    ],
    "shareholdings.csv": [
        _Breakage("ratio", "bad_ratio"),
        _Breakage("holder_kind", "bad_enum"),
        _Breakage("holder_id", "bad_check_char", ("holder_kind", "person")),
        _Breakage("since", "bad_date"),
    ],
    "accounts.csv": [
        _Breakage("account_no", "bad_format"),
        _Breakage("holder_kind", "bad_enum"),
        _Breakage("holder_id", "bad_reference", ("holder_kind", "shop")),
    ],
    "platforms.csv": [_Breakage("name", "missing")],
    "shops.csv": [
        _Breakage("operator_kind", "bad_enum"),
        _Breakage("opened_at", "bad_date"),
        _Breakage("operator_id", "bad_check_char", ("operator_kind", "person")),
    ],
    "couriers.csv": [_Breakage("operator_uscc", "bad_check_char"), _Breakage("name", "missing")],
    "shipping.csv": [_Breakage("parcels", "bad_number"), _Breakage("since", "bad_date")],
    "products.csv": [_Breakage("barcode", "bad_check_char"), _Breakage("category", "bad_enum")],
    "listings.csv": [_Breakage("listed_at", "bad_date"), _Breakage("product_id", "missing")],
    "intermediaries.csv": [_Breakage("category", "bad_enum"), _Breakage("uscc", "bad_check_char")],
    "evaluations.csv": [_Breakage("grade", "bad_enum"), _Breakage("evaluated_at", "bad_date")],
    "violations.csv": [
        _Breakage("decided_at", "bad_date"),
        _Breakage("subject_kind", "bad_enum"),
        _Breakage("severity", "bad_enum"),
        _Breakage("source", "bad_enum"),
        _Breakage("jurisdiction", "bad_region"),
        _Breakage("record_id", "missing"),
    ],
    "complaints.csv": [_Breakage("channel", "bad_enum"), _Breakage("substantiated", "bad_boolean")],
    "list_entries.csv": [
        _Breakage("list", "bad_enum"),
        _Breakage("listed_at", "bad_date"),
        _Breakage("subject_id", "bad_check_char", ("subject_kind", "person")),
    ],
    "practitioners.csv": [
        _Breakage("group", "bad_enum"),
        _Breakage("person_id_number", "bad_check_char"),
        _Breakage("since", "bad_date"),
        _Breakage("employer_uscc", "bad_check_char"),
    ],
    "inspections.csv": [
        _Breakage("result", "bad_enum"),
        _Breakage("sampled_at", "bad_date"),
        _Breakage("shop", "bad_reference"),
    ],
    "abnormal_entries.csv": [
        _Breakage("listed_at", "bad_date"),
        _Breakage("subject_kind", "bad_enum"),
        _Breakage("agency", "missing"),
    ],
    "commitments.csv": [
        _Breakage("kind", "bad_enum"),
        _Breakage("made_at", "bad_date"),
        _Breakage("public", "bad_boolean"),
        _Breakage("content", "missing"),
    ],
}

_BAD_DATES = ["2021-13-01", "2020-02-30", "20200101", "去年", "2019.1"]
_BAD_ENUMS = {
    "status": "存在",
    "role": "财务",
    "holder_kind": "government",
    "operator_kind": "agent",
    "category": "玩具类",
    "grade": "E",
    "subject_kind": "region",
    "severity": "特别严重",
    "source": "网络传闻",
    "channel": "110",
    "list": "grey",
    "kind": "口头承诺",
    "group": "厨师",
    "result": "待检",
}


def _break(value: str, b: _Breakage, k: int) -> str:
    """A corrupted copy of ``value`` failing exactly with ``b.code``."""
    if b.code == "missing":
        return ""
    if b.code == "bad_check_char":
        charset = (
            T.USCC_CHARSET if "uscc" in b.column else "0123456789" if b.column == "barcode" else "0123456789X"
        )
        wrong = [c for c in charset if c != value[-1]]
        return value[:-1] + wrong[k % len(wrong)]
    if b.code == "bad_format":
        return value[:-1] if b.column == "uscc" else "12-3"
    if b.code == "bad_birth_date":
        body = value[:6] + "19991332" + value[14:17]
        return body + T.citizen_id_check_char(body)
    if b.code == "bad_date":
        return _BAD_DATES[k % len(_BAD_DATES)]
    if b.code == "bad_enum":
        return _BAD_ENUMS[b.column]
    if b.code == "bad_region":
        return ["32040", "990100", "32O400"][k % 3]
    if b.code == "bad_phone":
        return ["12345", "138123456789", "电话号码"][k % 3]
    if b.code == "bad_ratio":
        return ["150%", "1.5", "三成", "-0.2"][k % 4]
    if b.code == "bad_number":
        return ["many", "12件"][k % 2]
    if b.code == "bad_boolean":
        return ["maybe", "待定"][k % 2]
    if b.code == "bad_reference":
        return value.replace("/", "")
    raise ValueError(b.code)


def _add_bad_rows(frames: dict[str, Table], rate: float, rng: np.random.Generator) -> list[dict[str, Any]]:
    """Insert corrupted copies of valid rows at random positions; returns their truth records."""
    truth: list[dict[str, Any]] = []
    for f, breaks in BREAKAGES.items():
        table = frames[f]
        n = len(next(iter(table.values())))
        if not n:
            continue
        n_bad = max(len(breaks), math.ceil(rate * n))
        pools = []
        filled: dict[str, np.ndarray] = {}
        for b in breaks:
            ok = np.ones(n, bool)
            if b.when:
                ok &= table[b.when[0]] == b.when[1]
            if b.code != "missing":
                if b.column not in filled:
                    filled[b.column] = table[b.column] != ""
                ok &= filled[b.column]
            pools.append(np.flatnonzero(ok))
        plan = [(j, breaks[j % len(breaks)], pools[j % len(breaks)]) for j in range(n_bad)]
        plan = [(j, b, pool) for j, b, pool in plan if len(pool)]
        if not plan:
            continue
        src = np.array([pool[int(rng.integers(0, len(pool)))] for _, _, pool in plan])
        bad = {c: v[src].copy() for c, v in table.items()}
        for row, (j, b, _) in enumerate(plan):
            bad[b.column][row] = _break(str(bad[b.column][row]), b, j)
        total = n + len(src)
        positions = np.sort(rng.choice(total, len(src), replace=False))
        is_bad = np.zeros(total, bool)
        is_bad[positions] = True
        order = np.empty(total, dtype=np.int64)
        order[~is_bad] = np.arange(n)
        order[is_bad] = n + rng.permutation(len(src))
        frames[f] = {c: np.concatenate([table[c], bad[c]])[order] for c in table}
        for pos in positions:
            _, b, _ = plan[int(order[pos]) - n]
            truth.append({"file": f, "line": int(pos) + 2, "column": b.column, "reason": b.code})
    return truth


# --------------------------------------------------------------------------------------------
# Entry point


def _write(path: Path, columns: Table, encoding: str, *, append: bool = False) -> None:
    """One file, or (``append``) a later chunk of its rows: no header, no BOM."""
    table = pa.table({c: pa.array(v, type=pa.string()) for c, v in columns.items()})
    sink = pa.BufferOutputStream()
    pacsv.write_csv(table, sink, pacsv.WriteOptions(quoting_style="needed", include_header=not append))
    data = sink.getvalue().to_pybytes()
    if encoding in ("utf-8-sig", "utf-8-bom") and not append:
        data = b"\xef\xbb\xbf" + data
    elif encoding not in ("utf-8", "utf8", "utf-8-sig", "utf-8-bom"):
        data = data.decode("utf-8").encode(encoding)
    with path.open("ab" if append else "wb") as out:
        out.write(data)


@dataclass
class _BatchWriter:
    """Writes a batch chunk by chunk (appending rows to each file), with its bad rows, counting
    rows and relationships as it goes, so nothing of a written chunk needs to stay in memory."""

    out: Path
    encodings: dict[str, str]
    bad_rows: float
    rng: np.random.Generator
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COLUMNS, 0))
    relationships: int = 0
    bad: list[dict[str, Any]] = field(default_factory=list)
    started: bool = False

    def __call__(self, frames: dict[str, Table]) -> None:
        if self.bad_rows > 0:
            for b in _add_bad_rows(frames, self.bad_rows, self.rng):  # lines count from the chunk's start
                self.bad.append({**b, "line": b["line"] + self.counts[b["file"]]})
        self.relationships += _count_relationships(frames)
        for f, table in frames.items():
            if self.started and not _rows(table):
                continue
            _write(self.out / f, table, self.encodings.get(f, "utf-8"), append=self.started)
            self.counts[f] += _rows(table)
        self.started = True


def synth(
    out_dir: Path | str,
    subjects: int = 10_000,
    seed: int = 0,
    bad_rows: float = 0.0,
    encodings: Mapping[str, str] | str | None = None,
    chunk_subjects: int = CHUNK_SUBJECTS,
) -> dict[str, Any]:
    """Write a complete contract batch and ``truth.json`` to ``out_dir``; return a summary.

    ``encodings`` maps file names to ``utf-8``, ``utf-8-sig`` or ``gb18030``/``gbk``; the string
    ``"mixed"`` writes companies and violations in GB18030 and persons in UTF-8 with BOM.
    ``bad_rows`` is the share of extra corrupted rows per file (at least one of every kind; per
    chunk). The base population is made and written ``chunk_subjects`` at a time, so memory stays
    that of one chunk at any size; up to one chunk the batch is what one pass made.
    """
    t0 = time.perf_counter()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    enc = dict(MIXED_ENCODINGS) if encodings == "mixed" else dict(encodings or {})
    phases: dict[str, float] = {}

    def lap(name: str, t: list[float] = [t0]) -> None:  # noqa: B006 - a clock shared by the calls
        now = time.perf_counter()
        phases[name] = round(now - t[0], 2)
        t[0] = now

    s = Synth(subjects=subjects, seed=seed, chunk_subjects=chunk_subjects)
    writer = _BatchWriter(out, enc, bad_rows, s.rng)
    s.base(flush=writer)  # every chunk but the last is written (with its bad rows) and dropped here
    lap("base")
    s.patterns()
    s.generic_truth()
    s.barred_role_patterns()
    credit_patterns(s, AS_OF)
    lap("patterns")
    frames = s.frames()
    lap("assemble")
    writer(frames)
    del frames
    lap("write")
    s.truth["bad_rows"] = writer.bad
    counts, relationships = writer.counts, writer.relationships
    n_subjects = sum(
        counts[f] for f in ("companies.csv", "persons.csv", "shops.csv", "platforms.csv", "couriers.csv")
    )
    truth = {
        "format": 1,
        "seed": seed,
        "subjects": n_subjects,
        "as_of": AS_OF.isoformat(),
        "generic_threshold": GENERIC_THRESHOLD,
        "encodings": {f: enc.get(f, "utf-8") for f in COLUMNS},
        "counts": counts,
        "relationships": relationships,
        **s.truth,
    }
    (out / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")
    return {
        "subjects": n_subjects,
        "rows": sum(counts.values()),
        "relationships": relationships,
        "seconds": round(time.perf_counter() - t0, 2),
        "phases": phases,
        "counts": counts,
    }


def _count_relationships(frames: dict[str, Table]) -> int:
    """Edges the batch implies: relationship rows plus every reference and identifier column."""
    n = sum(_rows(frames[f]) for f in RELATIONSHIP_FILES)
    n += 2 * _rows(frames["shops.csv"])  # OPERATES + ON_PLATFORM
    n += _rows(frames["couriers.csv"]) + _rows(frames["platforms.csv"])  # OPERATES
    for f in (
        "violations.csv",
        "list_entries.csv",
        "complaints.csv",
        "evaluations.csv",
        "commitments.csv",
        "abnormal_entries.csv",
    ):
        n += 2 * _rows(frames[f])  # subject edge + agency edge
    n += int((frames["violations.csv"]["commitment_id"] != "").sum())  # BREAKS
    n += int((frames["products.csv"]["manufacturer_uscc"] != "").sum())
    for f in ("companies.csv", "persons.csv", "shops.csv"):
        n += int((frames[f]["phone"] != "").sum()) + int((frames[f]["address"] != "").sum())
    return n


if __name__ == "__main__":  # python -m creditgraph.ingest.synth OUT_DIR [SUBJECTS] [SEED]
    import sys

    args = sys.argv[1:]
    summary = synth(
        args[0], subjects=int(args[1]) if len(args) > 1 else 10_000, seed=int(args[2]) if len(args) > 2 else 0
    )
    print(json.dumps({k: v for k, v in summary.items() if k != "counts"}))
