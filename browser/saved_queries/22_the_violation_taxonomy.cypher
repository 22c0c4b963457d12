// 22 The violation taxonomy
MATCH (v:ViolationType)
RETURN v.key AS code, v.name AS name, v.category AS category, v.default_severity AS default_severity,
       v.synonyms AS synonyms
ORDER BY code;
