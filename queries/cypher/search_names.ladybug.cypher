// name: search_names
// params: q (the search text, normalised), tokens (its jieba tokens, at least one), offset, limit; the label as :Subject
// answers: subjects of one label whose name holds the text, or every one of its tokens (partial names), shortest names first
// example: {"q": "常州科技", "tokens": ["常州", "科技"], "offset": 0, "limit": 10}
MATCH (s:Subject)
WHERE s.name IS NOT NULL
  AND (lower(s.name) CONTAINS $q OR all(t IN $tokens WHERE lower(s.name) CONTAINS t))
RETURN s.key AS key, s.name AS name
ORDER BY size(name), name, key
SKIP $offset
LIMIT $limit
