// name: search_names
// params: q (the search text, normalised), tokens (its jieba tokens, at least one), offset, limit; the label as :Subject
// answers: subjects of one label whose name holds the text, or every one of its tokens (partial names), shortest names first
// example: {"q": "常州科技", "tokens": ["常州", "科技"], "offset": 0, "limit": 10}
// The full-text index (CJK analyser) finds candidates holding every token; the CONTAINS test keeps
// the answer the same as the embedded store's. Tokens are normalised text (no quotes or operators).
CALL db.index.fulltext.queryNodes('name_fulltext', reduce(acc = '', t IN $tokens | acc + ' +"' + t + '"'))
YIELD node
WITH node AS s
WHERE s:Subject AND s.name IS NOT NULL
  AND (toLower(s.name) CONTAINS $q OR all(t IN $tokens WHERE toLower(s.name) CONTAINS t))
RETURN s.key AS key, s.name AS name
ORDER BY size(name), name, key
SKIP $offset
LIMIT $limit
