-- Leaders by country over time: for the 25 leaders named in office in the most articles, each month
-- an article names them with a political office (fact_leader_role, dated by the article), under the
-- country they serve.
with top_leaders as (
    select leader_id from fact_leader_role
    group by leader_id order by count(distinct article_id) desc, leader_id limit 25
)
select coalesce(c.name, 'unknown') as country, l.name as leader, date_trunc('month', r.role_date) as month,
       string_agg(distinct r.role, '; ' order by r.role) as roles, count(distinct r.article_id) as articles,
       list(distinct r.article_id order by r.article_id)[1:5] as article_ids
from fact_leader_role r
join top_leaders using (leader_id)
join dim_leader l using (leader_id)
left join dim_country c on c.country_id = l.country_id
where r.role_date is not null
group by all
order by country, leader, month;
