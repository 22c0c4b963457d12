// 17 Violation type
:param violation_type => 'V01';
