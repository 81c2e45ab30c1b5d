"""Name and college material for the demo campus (frequencies roughly as on a Chinese campus)."""
from __future__ import annotations

# Common surnames, most frequent first; the generator weights them by rank.
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜"
    "崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "慕容")

GIVEN_MALE = (
    "伟强磊军洋勇杰涛明超辉鹏飞浩宇轩博文斌凯俊帅宁健翔鑫旭阳晨昊然泽睿哲诚逸航骏峰毅康东林亮晖志远"
    "子豪嘉铭思源一鸣振宇天佑立新家乐俊杰"
)
GIVEN_FEMALE = (
    "芳娜敏静丽艳娟霞婷雪慧琳颖倩洁晶欣怡悦萱妍琪瑶璐佳蕾菲雯薇梦涵诗雨婉清晗馨蕊楠月彤宁可心语嫣"
    "思琪雅婷欣然紫涵梓萱"
)

# college -> (major abbreviation used in class names, ...)
COLLEGES = {
    "计算机学院": ("计科", "软工", "网安"),
    "电气工程学院": ("电气", "自动化"),
    "机械工程学院": ("机械", "车辆"),
    "土木工程学院": ("土木", "建环"),
    "经济管理学院": ("会计", "金融", "工商"),
    "外国语学院": ("英语", "日语"),
    "数学与统计学院": ("数学", "统计"),
    "化学化工学院": ("化工", "应化"),
    "文学院": ("汉语言", "新闻"),
    "艺术学院": ("视传", "音乐"),
}
# Colleges where women or men are the clear majority, so that both kinds of building fill up.
FEMALE_LEANING = {"外国语学院", "文学院", "艺术学院", "经济管理学院"}
PAYMENT_METHODS = ("cash", "campus_card", "wechat", "alipay", "bank_card")
