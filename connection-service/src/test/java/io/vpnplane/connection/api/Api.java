package io.vpnplane.connection.api;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.vpnplane.api.DevTokens;

/** RestAssured requests as one account, with JSON bodies written with single quotes for readability. */
public final class Api {

    private Api() {
    }

    public static RequestSpecification as(String account) {
        return given().auth().oauth2(DevTokens.forAccount(account)).contentType(ContentType.JSON);
    }

    public static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    /** A customer gateway of {@code account}; returns its id. */
    public static String customerGateway(String account, String ip, Long asn) {
        return as(account).body(json("{'name': 'dc', 'ipAddress': '" + ip + "'" + (asn == null ? "" : ", 'asn': " + asn) + "}"))
                .post("/v1/customer-gateways").then().statusCode(201).extract().path("id");
    }
}
