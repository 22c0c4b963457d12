// name: search_names_count
// params: q (the search text, normalised), tokens (its jieba tokens, at least one); the label as :Subject
// answers: how many subjects of one label search_names pages through
// example: {"q": "常州科技", "tokens": ["常州", "科技"]}
CALL db.index.fulltext.queryNodes('name_fulltext', reduce(acc = '', t IN $tokens | acc + ' +"' + t + '"'))
YIELD node
WITH node AS s
WHERE s:Subject AND s.name IS NOT NULL
  AND (toLower(s.name) CONTAINS $q OR all(t IN $tokens WHERE toLower(s.name) CONTAINS t))
RETURN count(s) AS n
