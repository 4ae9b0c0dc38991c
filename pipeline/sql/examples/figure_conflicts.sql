-- Where sources disagree on a figure: same metric, country pair and period, different values
-- (the view v_figure_conflicts, pipeline/sql/views/v_figure_conflicts.sql). No rows means the
-- articles agree wherever they state the same figure, as the two seed stories do.
select c.name as country, p.name as counterpart, v.metric, v.period_year, v.period_month, v.currency,
       v.value_1 / 1e9 as billions_1, v.value_2 / 1e9 as billions_2, v.qualifier_1, v.qualifier_2,
       v.same_story, v.article_id_1, v.article_id_2, v.evidence_1, v.evidence_2
from v_figure_conflicts v
join dim_country c on c.country_id = v.country_id
left join dim_country p on p.country_id = v.counterpart_id
order by country, counterpart, v.metric, v.period_year, v.period_month;
