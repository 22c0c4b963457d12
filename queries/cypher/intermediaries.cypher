// name: intermediaries
// params: category (intermediaries.csv category)
// answers: the companies registered as approval-related intermediaries of one category, with their jurisdiction
// example: {"category": "评估"}
MATCH (c:Company)
WHERE c.intermediary_category = $category
RETURN c.key AS key, c.name AS name, c.jurisdiction AS jurisdiction
ORDER BY key
