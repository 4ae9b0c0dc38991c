-- Figures by country and year, per metric, in billions of US dollars, for the 12 countries the most
-- figures are about. Each fact counts once however many versions of a story state it (fact_figure_dedup);
-- stated levels only (no targets or forecasts); balances keep their sign (a deficit is negative).
-- Amounts in other currencies are left out rather than added to dollars.
with figures as (
    -- MEASURE: fact_figure's `measure` ('level' | 'change') where the warehouse has that column, else null.
    -- A change ("exports rose by $12bn") is no level of its metric: it is left out below.
    select * from fact_figure union all by name select null::varchar as measure where false
),
levels as (
    select d.*
    from fact_figure_dedup d
    join figures f using (figure_id)
    where coalesce(f.measure, 'level') = 'level' and f.kind in ('actual', 'estimate') and d.currency = 'USD'
      and d.country_id is not null and d.period_year is not null
),
top_countries as (
    select country_id from levels group by country_id order by count(*) desc, country_id limit 12
)
select c.name as country, l.metric, l.period_year, count(*) as figures, sum(l.value) / 1e9 as billions_usd,
       list_sort(list_distinct(flatten(list(l.article_ids))))[1:5] as article_ids
from levels l
join top_countries using (country_id)
join dim_country c using (country_id)
group by all
order by country, l.metric, l.period_year;
