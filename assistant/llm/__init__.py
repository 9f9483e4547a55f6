"""Chat models for the answer chain: the bundled local GGUF via llama.cpp, or a remote OpenAI-compatible server.

Submodules are imported on use: llama_cpp is an install option (`make install LLM=local`).
"""
