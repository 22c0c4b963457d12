"""The words, places and names a synthetic batch is written with: Jiangsu divisions the
jurisdictions resource knows (so addresses normalise), towns and roads, company words, platforms,
couriers, product categories, agencies before and after the 2018-2019 reform, and the violation
types, read from the taxonomy rather than typed again."""

from __future__ import annotations

import datetime as dt

from creditgraph.graph_model.resources import RESOURCES
from creditgraph.graph_model.yamlfile import read_yaml

TAXONOMY = RESOURCES / "violation_types.yaml"
AS_OF = dt.date(2026, 6, 30)  # the date every planted answer holds on
EPOCH = dt.date(1970, 1, 1)  # day numbers count from it
GENERIC_THRESHOLD = 20

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
# The violation types the batch draws: the taxonomy's (graph_model/resources/violation_types.yaml)
# up to DRAWN_TYPES_UP_TO, in its order. A type added to the taxonomy later is not drawn, so adding
# one does not change every batch's draws (其他, V99, is never drawn: records name a type).
DRAWN_TYPES_UP_TO = "V21"
VIOLATION_TYPES = [
    v["name"] for v in read_yaml(TAXONOMY)["violation_types"] if v["code"] <= DRAWN_TYPES_UP_TO
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
