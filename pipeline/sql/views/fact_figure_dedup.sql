-- fact_figure_dedup: one row per fact that several versions of a story state, with every article
-- that supports it. The figure_id and evidence are those of one figure of the group (the same one).
select f.metric, f.measure, f.value, f.currency, f.country_id, f.counterpart_id, f.period_year, f.period_month,
       a.story_id, list(distinct f.article_id order by f.article_id) as article_ids,
       min(f.figure_id) as figure_id, arg_min(f.evidence, f.figure_id) as evidence
from fact_figure f join dim_article a using (article_id)
group by f.metric, f.measure, f.value, f.currency, f.country_id, f.counterpart_id, f.period_year, f.period_month, a.story_id
