using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MeineIhk.IdentityProvider.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class AccountMail : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "NormalizedRecipient",
                table: "OutboxMails",
                type: "character varying(320)",
                maxLength: 320,
                nullable: false,
                defaultValue: "");

            // Mails already in the outbox count towards the per-recipient throttle too.
            migrationBuilder.Sql("UPDATE \"OutboxMails\" SET \"NormalizedRecipient\" = UPPER(\"Recipient\")");

            migrationBuilder.AddColumn<string>(
                name: "InvitedAddressNotConfirmed",
                table: "MembershipRequests",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ChamberAlertedAt",
                table: "ActivationLetters",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ActivationAttempts",
                columns: table => new
                {
                    Key = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Failures = table.Column<int>(type: "integer", nullable: false),
                    LastFailureAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    BlockedUntil = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ConcurrencyStamp = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ActivationAttempts", x => x.Key);
                });

            migrationBuilder.CreateIndex(
                name: "IX_OutboxMails_NormalizedRecipient_SentAt",
                table: "OutboxMails",
                columns: new[] { "NormalizedRecipient", "SentAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ActivationAttempts");

            migrationBuilder.DropIndex(
                name: "IX_OutboxMails_NormalizedRecipient_SentAt",
                table: "OutboxMails");

            migrationBuilder.DropColumn(
                name: "NormalizedRecipient",
                table: "OutboxMails");

            migrationBuilder.DropColumn(
                name: "InvitedAddressNotConfirmed",
                table: "MembershipRequests");

            migrationBuilder.DropColumn(
                name: "ChamberAlertedAt",
                table: "ActivationLetters");
        }
    }
}
