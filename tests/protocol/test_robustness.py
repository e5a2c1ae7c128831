"""Bad input on the wire: the kernel drops it, says nothing on iopub, and keeps answering."""

from kernel_helpers import RawSockets, reply_to, running_kernel

DELIMITER = b"<IDS|MSG>"


def test_bad_frames_are_dropped_silently_and_the_kernel_keeps_answering():
    with running_kernel() as (km, kc):
        raw = RawSockets(km)
        try:
            raw.wait_for_welcome()

            parts, signature, _ = raw.signed_parts("kernel_info_request", {})
            burst = [
                [b"just one frame"],
                [b"no delimiter", b"at all", b"{}", b"{}"],
                [DELIMITER],
                [DELIMITER, signature, parts[0]],
                [DELIMITER, b"", *parts],  # unsigned
                [DELIMITER, b"0" * 64, *parts],  # wrong signature, right length
                [DELIMITER, signature[:-1], *parts],  # wrong length
                [DELIMITER, signature + b"0", *parts],
                [DELIMITER, signature.upper(), *parts],
                [DELIMITER, b"\xff\xfe" * 40, *parts],
            ]
            bad_json = [b"{not json", b"{}", b"{}", b"{}"]
            burst.append([DELIMITER, raw.session.sign(bad_json), *bad_json])
            no_type = [b'{"msg_id": "x"}', b"{}", b"{}", b"{}"]
            burst.append([DELIMITER, raw.session.sign(no_type), *no_type])
            unknown, unknown_signature, _ = raw.signed_parts("frobnicate_request", {})
            burst.append([DELIMITER, unknown_signature, *unknown])
            garbled, garbled_signature, _ = raw.signed_parts("execute_request", {"code": 42})
            for frames in burst:
                raw.send(frames)

            # A valid request, then the very same frames again: only the first is answered.
            valid, valid_signature, valid_id = raw.signed_parts("kernel_info_request", {})
            raw.send([DELIMITER, valid_signature, *valid])
            raw.send([DELIMITER, valid_signature, *valid])
            # Valid signature but content of the wrong type: an error reply, not a crash.
            raw.send([DELIMITER, garbled_signature, *garbled])

            replies = raw.shell_replies()
            assert [r["parent_header"]["msg_id"] for r in replies].count(valid_id) == 1
            assert [r["msg_type"] for r in replies] == ["kernel_info_reply", "execute_reply"]
            assert replies[1]["content"]["status"] == "error"
            assert replies[1]["content"]["ename"] == "InvalidRequest"

            answered = {r["parent_header"]["msg_id"] for r in replies}
            published = raw.iopub_messages()
            assert published, "the valid requests published their status"
            assert {m["parent_header"].get("msg_id") for m in published} <= answered

            # Still a working kernel, through the ordinary client.
            info = reply_to(kc, kc.kernel_info())
            assert info["content"]["implementation"] == "backprop"
            result = kc.execute_interactive('print "still here"', timeout=10)
            assert result["content"]["status"] == "ok"
            assert km.is_alive()
        finally:
            raw.close()
