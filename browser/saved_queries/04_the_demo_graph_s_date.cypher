// 04 The demo graph's date
:param as_of => date('2026-06-30');
