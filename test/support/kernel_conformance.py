"""The Jupyter project's kernel conformance suite (jupyter_kernel_test), run against the minicloud kernel.

Every test the suite has is configured, so none is skipped. Run from the project root with JUPYTER_PATH
pointing at the project's Jupyter folder: python3 -m unittest test/support/kernel_conformance.py
"""
import unittest

import jupyter_kernel_test as jkt


class MinicloudKernelTests(jkt.KernelTests):
    kernel_name = "minicloud"
    language_name = "typescript"
    file_extension = ".ts"

    code_hello_world = 'console.log("hello, world")'
    code_stderr = 'console.error("something went wrong")'

    completion_samples = [{"text": "Math.ma", "matches": {"max"}}]
    complete_code_samples = ["1", "const x = 1;", "function f() { return 1; }"]
    incomplete_code_samples = ["function f() {", "const xs = [1,", "const s = `unfinished"]
    invalid_code_samples = ["const = 1;", "1 +* 2", "let let = ;"]

    code_page_something = 'import { page } from "minicloud";\nawait page("the help text")'

    code_generate_error = 'throw new Error("boom")'

    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": "1+2", "result": "3"},
        {"code": '"a" + "b"', "result": "'ab'"},
    ]
    code_history_pattern = "1?2*"
    supported_history_operations = ("tail", "range", "search")

    code_display_data = [
        {"code": 'import { display, html } from "minicloud";\nawait display(html("<b>hi</b>"))', "mime": "text/html"},
        {
            "code": 'import { display } from "minicloud";\nawait display({ mark: "bar", data: { values: [{ a: 1 }] }, encoding: { y: { field: "a", type: "quantitative" } } })',
            "mime": "image/svg+xml",
        },
    ]

    code_inspect_sample = "Math.max"

    code_clear_output = 'import { clearOutput } from "minicloud";\nclearOutput()'


if __name__ == "__main__":
    unittest.main()
