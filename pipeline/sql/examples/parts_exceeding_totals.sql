-- Parts that exceed their stated total: a country's figure above its group's, in one article.
-- A total is a figure between a country A and a group G (dim_country.kind = 'group'); its parts are
-- the article's figures of the same metric, kind, currency and period between A and another
-- country K in G's place. There is no membership table: the article naming K beside A's total with
-- G is taken to mean K is one of G. Seed story 000: China-Central Asia trade $70bn is the total,
-- Kazakhstan-China $31bn a part. Only flows are compared (trade, exports, imports, investment,
-- aid, loans, debt, reserves, spending): a part of a signed balance can exceed the group's net.
-- Two-way trade is one figure whichever country is named first. No rows: no part exceeds its total.
with flows as (
    select f.*, ck.kind as country_kind, cp.kind as counterpart_kind
    from fact_figure f
    join dim_country ck on ck.country_id = f.country_id
    join dim_country cp on cp.country_id = f.counterpart_id
    where f.metric in ('trade', 'exports', 'imports', 'investment', 'aid', 'loan', 'debt', 'reserves', 'spending')
      and f.value > 0
      and f.measure = 'level'
),
totals as (  -- anchor: the country; group: the group; group_first: the group is the figure's country
    select *, case when country_kind = 'group' then counterpart_id else country_id end as anchor_id,
              case when country_kind = 'group' then country_id else counterpart_id end as group_id,
              country_kind = 'group' as group_first
    from flows
    where (country_kind = 'group') <> (counterpart_kind = 'group')
),
parts as (
    select * from flows where country_kind <> 'group' and counterpart_kind <> 'group'
)
select g.name as group_name, a.name as anchor, k.name as part_country, t.metric, t.period_year, t.period_month,
       t.currency, p.value / 1e9 as part_billions, t.value / 1e9 as total_billions,
       p.article_id, p.evidence as part_evidence, t.evidence as total_evidence
from totals t
join parts p
  on p.article_id = t.article_id and p.metric = t.metric and p.currency = t.currency
 and p.kind is not distinct from t.kind
 and p.period_year is not distinct from t.period_year and p.period_month is not distinct from t.period_month
 and ((not t.group_first and p.country_id = t.anchor_id)                 -- A's exports to G / to K
      or (t.group_first and p.counterpart_id = t.anchor_id)              -- G's exports to A / K's
      or (t.metric = 'trade' and t.anchor_id in (p.country_id, p.counterpart_id)))
join dim_country g on g.country_id = t.group_id
join dim_country a on a.country_id = t.anchor_id
join dim_country k on k.country_id = case when p.country_id = t.anchor_id then p.counterpart_id else p.country_id end
where p.value > t.value
order by group_name, anchor, part_country, t.metric, t.period_year;
