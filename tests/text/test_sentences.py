"""The one sentence splitter (text.sentences)."""

from text.sentences import SENTENCE_ENDS, sentence_pieces, sentences


def test_full_width_marks_end_sentences_as_written():
    assert sentences("推动互认。鼓励机构走出去！是否可行？支持试点；其他") == [
        "推动互认。", "鼓励机构走出去！", "是否可行？", "支持试点；", "其他"]


def test_a_line_is_a_sentence_and_empty_pieces_are_left_out():
    assert sentences("一、总体要求\n  (一)推进互认。 \n\n") == ["一、总体要求", "(一)推进互认。"]


def test_pieces_join_back_to_the_text():
    text = "推动互认。 鼓励机构走出去!\n其他"
    pieces = sentence_pieces(text)
    assert "".join(pieces) == text
    assert pieces == ["推动互认。", " 鼓励机构走出去!", "\n其他"]
    assert sentence_pieces(text, SENTENCE_ENDS + "\n") == ["推动互认。", " 鼓励机构走出去!", "\n", "其他"]
