"""Every plot, histogram, heatmap and decision map carries an SVG picture beside its text:
valid standalone XML with the chart's series, axis titles and tick labels, through
jupyter_client against the real kernel."""

import base64
import re
import xml.etree.ElementTree as ElementTree

from kernel_helpers import running_kernel
from test_language import SETUP, execute

SVG = "{http://www.w3.org/2000/svg}"


def displays(kc, code):
    reply, messages = execute(kc, code)
    assert reply["content"]["status"] == "ok", reply["content"]
    return [m["content"]["data"] for m in messages if m["msg_type"] in ("display_data", "execute_result")]


def picture(data):
    """The parsed SVG of a bundle, after checking the bundle's forms."""
    assert {"text/plain", "image/svg+xml", "text/markdown"} <= data.keys(), data.keys()
    assert "text/html" not in data, "a picture's bundle sends Markdown, not HTML"
    root = ElementTree.fromstring(data["image/svg+xml"])
    assert root.tag == SVG + "svg"
    for name in ("width", "height", "viewBox"):
        assert name in root.attrib, name
    # The Markdown form is the same picture, then the text in a fence.
    embedded = re.search(r'src="data:image/svg\+xml;base64,([^"]+)"', data["text/markdown"]).group(1)
    assert base64.b64decode(embedded).decode() == data["image/svg+xml"]
    assert "```text\n" + data["text/plain"] + "\n```" in data["text/markdown"]
    return root


def with_class(root, tag, name):
    return [e for e in root.iter(SVG + tag) if name in e.get("class", "").split()]


def texts(root, name):
    return [e.text for e in with_class(root, "text", name)]


def test_plot_loss_carries_an_svg_with_its_series_and_axes():
    with running_kernel() as (km, kc):
        execute(kc, SETUP + "\ntrain 50")
        execute(kc, "net b = 2 -> 3 relu -> 1 sigmoid\ntrain 50")
        [data] = displays(kc, "plot loss xor b")
        root = picture(data)
        assert [p.get("data-series") for p in with_class(root, "path", "series")] == ["xor", "b"]
        assert texts(root, "legend-label") == ["xor", "b"]
        assert texts(root, "axis-title") == ["step", "loss"]
        y_labels = [t.text for axis in with_class(root, "g", "y-axis") for t in with_class(axis, "text", "tick-label")]
        # The text chart's y labels are the picture's.
        plain_labels = re.findall(r"^\s*(\S+) ┤", data["text/plain"], re.M)
        assert y_labels == list(reversed(plain_labels))
        assert texts(root, "title") == ["loss of xor, b"]


def test_plot_ratio_draws_a_log_axis_and_a_dashed_guide():
    with running_kernel() as (km, kc):
        execute(kc, SETUP + "\ntrain 40 every=4")
        [data] = displays(kc, "plot ratio")
        root = picture(data)
        assert with_class(root, "g", "log"), "the y-axis is logarithmic"
        series = with_class(root, "path", "series")
        assert [p.get("data-series") for p in series] == ["L1", "L2", "guide 0.001"]
        assert series[-1].get("stroke-dasharray")
        assert "0.001" in texts(root, "tick-label")
        assert with_class(root, "line", "minor-tick")


def test_heatmap_hist_and_boundary_carry_pictures():
    with running_kernel() as (km, kc):
        execute(kc, SETUP + "\ntrain 20")
        [heatmap] = displays(kc, "heatmap xor.L1.W")
        root = picture(heatmap)
        assert len(with_class(root, "rect", "cell")) == 2 * 4
        assert len(with_class(root, "rect", "scale-band")) == 17
        [hist] = displays(kc, "hist weights")
        root = picture(hist)
        assert [g.get("data-series") for g in with_class(root, "g", "series")] == ["L1.W", "L2.W"]
        [boundary] = displays(kc, "plot boundary")
        root = picture(boundary)
        assert len(with_class(root, "circle", "point")) == 4


def test_tables_send_markdown_and_progress_html():
    with running_kernel() as (km, kc):
        execute(kc, SETUP)
        [summary] = displays(kc, "show summary")
        assert set(summary) == {"text/plain", "text/markdown"}
        assert "| layer |" in summary["text/markdown"]
        reply, messages = execute(kc, "train 10")
        progress = [m["content"]["data"] for m in messages if m["msg_type"] == "update_display_data"]
        assert progress and all(set(d) == {"text/plain", "text/html"} for d in progress)


def test_train_watch_redraws_each_chart_in_place_as_svg():
    """train watch= opens a display per chart after the progress and updates each under its
    own display_id while the run trains, the last update being the final picture."""
    with running_kernel() as (km, kc):
        execute(kc, SETUP)
        reply, messages = execute(kc, "train steps=20000 every=500 watch=[loss, gradnorm, ratio]")
        assert reply["content"]["status"] == "ok", reply["content"]
        opened = [m["content"] for m in messages if m["msg_type"] == "display_data" and m["content"].get("transient")]
        ids = [c["transient"]["display_id"] for c in opened]
        assert len(ids) == 4 and len(set(ids)) == 4, "the progress, then one display per watched chart"
        updates = {}
        for m in messages:
            if m["msg_type"] == "update_display_data":
                updates.setdefault(m["content"]["transient"]["display_id"], []).append(m["content"]["data"])
        assert set(updates) == set(ids), "every display is updated in place, none opened twice"
        # The charts update while the run trains, not only at its end.
        assert max(len(updates[i]) for i in ids[1:]) >= 2, {i: len(updates[i]) for i in ids}
        expected = {ids[1]: ["loss"], ids[2]: ["‖∇θ‖"], ids[3]: ["L1", "L2", "guide 0.001"]}
        for display_id, series in expected.items():
            final = updates[display_id][-1]
            root = picture(final)
            assert [p.get("data-series") for p in with_class(root, "path", "series")] == series
        # 20000 steps outgrow the 4096 points kept, so each point is the largest of 8 steps.
        assert texts(picture(updates[ids[2]][-1]), "title") == [
            "global gradient norm ‖∇θ‖ of xor (each point the largest of up to 8 steps)"
        ]
        assert "step 20000/20000" in updates[ids[0]][-1]["text/plain"]
