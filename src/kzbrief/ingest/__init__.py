"""Ingestion: corpus files -> Documents (read, clean, split listing pages, metadata, sentences) -> the index.

`ingest_corpus` (index.py) is the door: incremental, one transaction per batch of files, every unreadable file
reported with its reason. `process_bytes` (process.py) is what ingestion makes of one file; `read_corpus`
(corpus.py) does the same reading for a whole folder in memory, without an index.
"""

from kzbrief.ingest.corpus import Corpus, check_corpus_dir, read_corpus
from kzbrief.ingest.index import IngestReport, ingest_corpus
from kzbrief.ingest.process import ProcessedFile, documents_from_article, documents_from_text, process_bytes, \
    sentence_rows
from kzbrief.ingest.readers import UnreadableFile, read_bytes

__all__ = ["Corpus", "IngestReport", "ProcessedFile", "UnreadableFile", "check_corpus_dir", "documents_from_article",
           "documents_from_text", "ingest_corpus", "process_bytes", "read_bytes", "read_corpus", "sentence_rows"]
