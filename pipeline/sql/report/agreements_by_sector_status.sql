-- Agreements by sector and status: how many the stories report, in how many articles.
select a.sector, a.status, count(*) as agreements, count(distinct a.article_id) as articles,
       list(distinct a.article_id order by a.article_id)[1:5] as article_ids
from dim_agreement a
group by all
order by a.sector, a.status;
