//! The generated client calls the generated mock over real HTTP.

use build_example::pets;

#[tokio::test]
async fn the_client_calls_the_mock_it_was_generated_with() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let router = pets::mock::router();
    tokio::spawn(async move { axum::serve(listener, router).await });
    let client = pets::client::Client::new(&base).expect("client");
    let answer = client.list_pets().await.expect("the mock answers 200");
    let pets::responses::ListPetsResponse::Ok { body, .. } = answer.into_inner();
    // The mock writes values that fit the schema: each pet has its required name.
    assert!(body.iter().all(|pet| !pet.name.is_empty()), "{body:?}");
}
