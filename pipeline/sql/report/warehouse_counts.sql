-- What the warehouse holds: the articles, the inputs that did not become one, the articles whose fact
-- extraction failed, and the facts and mentions the articles state.
select what, rows from (
    select 1 as ord, 'articles' as what, count(*) as rows from dim_article
    union all select 2, 'rejected inputs', count(*) from rejected_inputs
    union all select 3, 'extraction errors', count(*) from extraction_errors
    union all select 4, 'figures', count(*) from fact_figure
    union all select 5, 'leaders', count(*) from dim_leader
    union all select 6, 'leader roles stated', count(*) from fact_leader_role
    union all select 7, 'agreements', count(*) from dim_agreement
    union all select 8, 'mentions', count(*) from fact_mention where label <> 'DATELINE'
)
order by ord;
