-- The 15 largest bilateral flows: two-way trade, exports, imports, investment, aid and loans between
-- a country and a partner country or group, per year, in billions of US dollars. Each fact counts once
-- however many versions of a story state it (fact_figure_dedup); where stories give a flow different
-- values, the largest. Two-way trade is one flow whichever side a story names first.
with figures as (
    -- MEASURE: fact_figure's `measure` ('level' | 'change') where the warehouse has that column, else null.
    -- A change ("exports rose by $12bn") is no level of its metric: it is left out below.
    select * from fact_figure union all by name select null::varchar as measure where false
),
flows as (
    select d.metric, d.period_year, d.value, d.article_ids,
           case when d.metric = 'trade' then least(d.country_id, d.counterpart_id) else d.country_id end as from_id,
           case when d.metric = 'trade' then greatest(d.country_id, d.counterpart_id) else d.counterpart_id end as to_id
    from fact_figure_dedup d
    join figures f using (figure_id)
    where coalesce(f.measure, 'level') = 'level' and f.kind in ('actual', 'estimate') and d.currency = 'USD'
      and d.metric in ('trade', 'exports', 'imports', 'investment', 'aid', 'loan')
      and d.country_id is not null and d.counterpart_id is not null and d.country_id <> d.counterpart_id
)
select a.name || ' – ' || b.name as pair, f.metric, f.period_year, max(f.value) / 1e9 as billions_usd,
       count(*) as figures, list_sort(list_distinct(flatten(list(f.article_ids))))[1:5] as article_ids
from flows f
join dim_country a on a.country_id = f.from_id
join dim_country b on b.country_id = f.to_id
group by all
order by billions_usd desc, pair, f.metric, f.period_year nulls last
limit 15;
