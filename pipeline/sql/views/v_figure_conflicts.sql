-- v_figure_conflicts: where sources disagree on a figure. Two articles state the same metric
-- for the same country pair, period (year and month), kind and currency, with values more than
-- 0.5 % apart (the scorer's tolerance, so rounding is not a conflict). Two-way trade is one figure
-- whichever country is named first; other metrics keep their order (a balance is signed).
-- Figures without a country or a period year are left out: there is nothing to compare them on.
-- One row per pair of figures; `same_story` marks versions of one story (a correction, or an error).
select f1.metric, f1.country_id, f1.counterpart_id, f1.period_year, f1.period_month, f1.kind, f1.currency,
       f1.value as value_1, f2.value as value_2,
       f1.qualifier as qualifier_1, f2.qualifier as qualifier_2,
       f1.article_id as article_id_1, f2.article_id as article_id_2,
       a1.story_id is not distinct from a2.story_id as same_story,
       f1.figure_id as figure_id_1, f2.figure_id as figure_id_2,
       f1.evidence as evidence_1, f2.evidence as evidence_2
from fact_figure f1
join fact_figure f2
  on f1.metric = f2.metric
 and f1.measure = f2.measure
 and f1.currency = f2.currency
 and f1.kind is not distinct from f2.kind
 and f1.period_year = f2.period_year
 and f1.period_month is not distinct from f2.period_month
 and f1.article_id < f2.article_id
 and ((f1.country_id = f2.country_id and f1.counterpart_id is not distinct from f2.counterpart_id)
      or (f1.metric = 'trade' and f1.country_id = f2.counterpart_id and f1.counterpart_id = f2.country_id))
join dim_article a1 on a1.article_id = f1.article_id
join dim_article a2 on a2.article_id = f2.article_id
where abs(f1.value - f2.value) > 0.005 * greatest(abs(f1.value), abs(f2.value))
