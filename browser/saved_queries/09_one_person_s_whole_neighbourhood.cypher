// 09 One person's whole neighbourhood
MATCH (p:Person {key: $person})-[r]-(x)
RETURN p, r, x;
