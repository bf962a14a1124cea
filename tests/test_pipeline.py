import pytest

from govbrief.normalize import normalize
from govbrief.pipeline import detect_script

# fmt: off
SCRIPT_CASES = [
    ("", "simplified"),
    ("abc, 123", "simplified"),
    ("河北省市场监管局开展质量月活动。", "simplified"),
    ("河北省市场监管局开展质量月活动，（张勇）", "simplified"),  # only width folding
    ("河北省市場監管局開展質量月活動。", "traditional"),
    ("監(jiān)督質量", "traditional"),  # debris dropped, the rest aligned
    ("河北省市场监管局開展质量月活动。", "simplified"),  # one changed character is not enough
    ("河北省開展質量月", "traditional"),
    ("\r\n國家質量\u200b監督", "traditional"),  # dropped controls shift the alignment
]
# fmt: on


@pytest.mark.parametrize("text,script", SCRIPT_CASES)
def test_pipeline_detect_script(text, script):
    assert detect_script(text, normalize(text)) == script


def test_pipeline_detect_script_share_threshold():
    # 2% of the Han characters (3 of 150) must change.
    base = "质量" * 75
    two, three = "質量" * 2 + base[4:], "質量" * 3 + base[6:]
    assert detect_script(two, normalize(two)) == "simplified"
    assert detect_script(three, normalize(three)) == "traditional"
