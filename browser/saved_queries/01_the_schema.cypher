// 01 The schema
CALL db.schema.visualization();
