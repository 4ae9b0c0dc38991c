-- Inputs that did not become articles, by reason (empty, binary, duplicate, not English ...).
select reason, count(*) as inputs, sum(byte_size)::bigint as bytes
from rejected_inputs
group by reason
order by inputs desc, reason;
