"""A notebook as a report page: one self-contained HTML file (images, styles inline; no script, stylesheet or
font fetched from the internet, since CDNs are often blocked or slow in mainland China), a real title, the
run's language, and the code hidden unless asked for."""

from __future__ import annotations

from pathlib import Path

# The JupyterLab page without the blocks that load require.js, MathJax and mermaid from a CDN.
TEMPLATE = """{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{% block extra_css %}<style>{{ resources.qy_table_css }}</style>{% endblock extra_css %}
"""
# Tables a person reads: columns as wide as their words (JupyterLab fixes equal widths, so headers broke one
# character a line), text left-aligned and wrapped, Chinese words kept whole in headers, numbers on one line.
TABLE_CSS = """
body .jp-RenderedHTMLCommon table { table-layout: auto; max-width: 100%; margin-left: 0; }
body .jp-RenderedHTMLCommon th, body .jp-RenderedHTMLCommon td { text-align: left !important; vertical-align: top;
  white-space: normal; max-width: 28em; overflow-wrap: anywhere; }
body .jp-RenderedHTMLCommon thead th { word-break: keep-all; overflow-wrap: normal; min-width: 3em; }
body .jp-RenderedHTMLCommon p { max-width: 60em; }
"""


def notebook_html(notebook: Path, title: str, lang: str, with_code: bool = False) -> str:
    """The executed notebook as one offline HTML page."""
    import jinja2
    import nbformat
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        embed_images=True,
        exclude_input=not with_code,
        exclude_input_prompt=not with_code,
        exclude_output_prompt=True,
        language_code=lang,
        extra_loaders=[jinja2.DictLoader({"qy_report.html.j2": TEMPLATE})],
        template_file="qy_report.html.j2",
    )
    book = nbformat.read(notebook, as_version=4)
    book.metadata["title"] = title
    body, _ = exporter.from_notebook_node(book, resources={"qy_table_css": TABLE_CSS})
    return body
