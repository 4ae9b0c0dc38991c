-- Each leader's roles over time: every role the stories give a person, from the first article
-- that states it to the last, with how many articles say so and one sentence that does.
select l.name as leader, c.name as country, r.role,
       min(r.role_date) as first_stated, max(r.role_date) as last_stated,
       count(distinct r.article_id) as articles, min(r.evidence) as example_evidence
from fact_leader_role r
join dim_leader l using (leader_id)
left join dim_country c on c.country_id = r.country_id
group by all
order by leader, first_stated nulls first, r.role;
