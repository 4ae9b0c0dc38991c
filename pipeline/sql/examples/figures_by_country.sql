-- Figures by country and year: what the news said each country traded, owed or spent. A figure that
-- several versions of one story state counts once (fact_figure_dedup); changes ("exports rose by $12bn")
-- are left out: they are no level of their metric.
select c.name as country, f.metric, f.period_year, f.currency,
       count(*) as figures, sum(f.value) / 1e9 as total_billions
from fact_figure_dedup f
join dim_country c on c.country_id = f.country_id
where f.measure = 'level'
group by all
order by country, f.metric, f.period_year;
