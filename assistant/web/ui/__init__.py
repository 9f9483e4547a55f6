"""The Gradio UI: `app.build_app(assistant)` assembles one tab per module (chat, tasks, timeline,
documents, evaluation); `render` and `feature_render` turn answers and features into HTML.

Gradio is imported only after `assistant.web` switched off its calls out (this package's parent).
"""
