// 05 Generic identifiers
:param max_share => 10;
