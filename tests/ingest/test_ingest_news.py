"""A news item: its dateline gives the publication date and the issuing body."""

from __future__ import annotations

from kg.ingest import document_from_text
from kg.model import Genre

NEWS = (
    "海淀区10所学校入选北京市中小学劳动教育示范校\n"
    "2023年5月12日 来源：北京市海淀区教育委员会\n"
    "本报讯（记者 王明）日前，北京市教委公布了2023年北京市中小学劳动教育示范校名单，"
    "海淀区中关村第一小学、北京市十一学校等10所学校入选。\n"
)


def test_ingest_news_dateline_gives_date_and_issuer():
    meta = document_from_text(NEWS).meta
    assert (meta.published, meta.issuer, meta.genre) == ("2023-05-12", "北京市海淀区教育委员会", Genre.NEWS)
    assert meta.region == "北京市海淀区"
