"""nbgrader settings of the student's JupyterLab (read by the Validate button and `nbgrader validate`).

By default nbgrader validates only graded cells, and in a student release the
graded cells are the hidden-test placeholders, which always pass. Validating
every cell makes an unanswered exercise or a failing public test a failure.
"""

c = get_config()  # noqa: F821 (provided by nbgrader when it loads this file)
c.Validator.validate_all = True
