// 03 Today
:param as_of => date();
