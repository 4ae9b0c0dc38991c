-- Articles a stage failed on (cleaning, spaCy, extraction, story grouping); they are tried again on the next run.
select e.article_id, a.source_id, e.stage, e.error
from extraction_errors e
left join dim_article a using (article_id)
order by e.article_id
limit 50;
