"""Chinese format overrides (FORMAT_MODULE_PATH); every other format is Django's zh_Hans.

The first input format is what a form widget writes into a field. Django's zh_Hans puts
"%Y/%m/%d" first, and a browser's <input type="date"> rejects anything but ISO, so
pre-filled date pickers showed blank in Chinese. Typed dates in the other forms still parse.
"""

DATE_INPUT_FORMATS = [
    "%Y-%m-%d",  # '2016-09-05': what <input type="date"> sends and accepts
    "%Y/%m/%d",  # '2016/09/05'
    "%Y年%m月%d日",  # '2016年09月05日' (strptime also reads 2016年9月5日)
]
